package ai.nora.server.query;

import ai.nora.server.ApiException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A page position: the start time and id of the last trace of a page, opaque to clients. Pages
 * continue from it with a keyed query, so a page deep into a large store costs what the first does.
 */
record Cursor(long startUs, String id) {
  String encode() {
    return Base64.getUrlEncoder().withoutPadding()
        .encodeToString((startUs + ":" + id).getBytes(StandardCharsets.UTF_8));
  }

  static Cursor decode(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      String s = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
      int colon = s.indexOf(':');
      return new Cursor(Long.parseLong(s.substring(0, colon)), s.substring(colon + 1));
    } catch (RuntimeException e) {
      throw ApiException.badRequest("cursor: not a cursor this server gave out");
    }
  }
}

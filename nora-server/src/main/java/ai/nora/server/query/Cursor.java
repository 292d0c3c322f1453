package ai.nora.server.query;

import ai.nora.server.ApiException;
import ai.nora.server.storage.TraceQuery;
import ai.nora.server.storage.TraceRow;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A page position, opaque to clients: the order of the pages, and the sort value and id of the
 * last trace of a page. Pages continue from it with a keyed query, so a page deep into a large
 * store costs what the first does, whatever the order.
 */
record Cursor(TraceQuery.Sort sort, Object value, String id) {
  /** The position after {@code last}, in the order {@code sort}. */
  static Cursor after(TraceQuery.Sort sort, TraceRow last) {
    return new Cursor(sort, sort.valueOf(last), last.id());
  }

  /** {@code key:order:value:id}, a text value in base64 (it may hold any character), all in base64. */
  String encode() {
    String v = value instanceof String text
        ? "s" + Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8))
        : String.valueOf(value);
    String text = sort.key() + ":" + (sort.ascending() ? "asc" : "desc") + ":" + v + ":" + id;
    return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * A cursor this server gave out for pages in the order {@code sort}.
   *
   * @throws ApiException 400 when it is not one, or was given for another order
   */
  static Cursor decode(String text, TraceQuery.Sort sort) {
    if (text == null || text.isBlank()) {
      return null;
    }
    Cursor c;
    try {
      String[] parts = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8).split(":", 4);
      // Cursors of earlier versions: "start:id", newest first.
      if (parts.length == 2) {
        c = new Cursor(TraceQuery.Sort.NEWEST, Long.parseLong(parts[0]), parts[1]);
      } else {
        TraceQuery.Sort s = new TraceQuery.Sort(parts[0], "asc".equals(parts[1]));
        if (s.textual() && !parts[2].startsWith("s")) {
          throw new IllegalArgumentException("a text order's cursor without its text");
        }
        Object value = s.textual()
            ? new String(Base64.getUrlDecoder().decode(parts[2].substring(1)), StandardCharsets.UTF_8)
            : (Object) Long.parseLong(parts[2]);
        c = new Cursor(s, value, parts[3]);
      }
    } catch (RuntimeException e) {
      throw ApiException.badRequest("cursor: not a cursor this server gave out");
    }
    if (!c.sort().equals(sort)) {
      throw ApiException.badRequest("cursor: given for pages sorted otherwise; start again without it");
    }
    return c;
  }
}

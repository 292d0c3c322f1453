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
record Cursor(TraceQuery.Sort sort, long value, String id) {
  /** The position after {@code last}, in the order {@code sort}. */
  static Cursor after(TraceQuery.Sort sort, TraceRow last) {
    long value = switch (sort.key()) {
      case "latency" -> last.endUs() == null ? -1 : last.endUs() - last.startUs();
      case "calls" -> last.calls();
      case "tokens" -> last.totalTokens();
      case "cost" -> last.effectiveCost() == null ? -1 : Math.round(last.effectiveCost() * 1e9);
      default -> last.startUs();
    };
    return new Cursor(sort, value, last.id());
  }

  String encode() {
    String text = sort.key() + ":" + (sort.ascending() ? "asc" : "desc") + ":" + value + ":" + id;
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
      c = parts.length == 2 ? new Cursor(TraceQuery.Sort.NEWEST, Long.parseLong(parts[0]), parts[1])
          : new Cursor(new TraceQuery.Sort(parts[0], "asc".equals(parts[1])), Long.parseLong(parts[2]), parts[3]);
    } catch (RuntimeException e) {
      throw ApiException.badRequest("cursor: not a cursor this server gave out");
    }
    if (!c.sort().equals(sort)) {
      throw ApiException.badRequest("cursor: given for pages sorted otherwise; start again without it");
    }
    return c;
  }
}

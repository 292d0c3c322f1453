package ai.nora.server.ingest.otlp;

import ai.nora.server.ApiException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads OTLP/HTTP JSON ({@code application/json}): the protobuf's JSON mapping with OTLP's
 * differences (ids as hex, enums as numbers, 64-bit integers as strings or numbers). Field names
 * may be lowerCamelCase, as the spec writes them, or snake_case.
 */
final class OtlpJsonReader {
  private OtlpJsonReader() {}

  static List<OtlpSpan> read(JsonNode root) {
    if (root == null || !root.isObject()) {
      throw ApiException.badRequest("body: expected an OTLP JSON object with resourceSpans");
    }
    List<OtlpSpan> out = new ArrayList<>();
    for (JsonNode rs : array(root, "resourceSpans", "resource_spans")) {
      Map<String, Object> resource = attributes(field(field(rs, "resource"), "attributes"));
      for (JsonNode ss : array(rs, "scopeSpans", "scope_spans")) {
        String scope = field(field(ss, "scope"), "name").asText("");
        for (JsonNode s : array(ss, "spans", "spans")) {
          List<OtlpSpan.Event> events = new ArrayList<>();
          for (JsonNode e : array(s, "events", "events")) {
            events.add(new OtlpSpan.Event(field(e, "name").asText(""),
                nanos(e, "timeUnixNano", "time_unix_nano"), attributes(field(e, "attributes"))));
          }
          JsonNode status = field(s, "status");
          out.add(new OtlpSpan(
              id(s, "traceId", "trace_id"), id(s, "spanId", "span_id"),
              id(s, "parentSpanId", "parent_span_id"), field(s, "name").asText(""),
              field(s, "kind").asInt(0), nanos(s, "startTimeUnixNano", "start_time_unix_nano"),
              nanos(s, "endTimeUnixNano", "end_time_unix_nano"),
              attributes(field(s, "attributes")), events, field(status, "code").asInt(0),
              field(status, "message").asText(""), resource, scope));
        }
      }
    }
    return out;
  }

  static List<OtlpLog> readLogs(JsonNode root) {
    if (root == null || !root.isObject()) {
      throw ApiException.badRequest("body: expected an OTLP JSON object with resourceLogs");
    }
    List<OtlpLog> out = new ArrayList<>();
    for (JsonNode rl : array(root, "resourceLogs", "resource_logs")) {
      for (JsonNode sl : array(rl, "scopeLogs", "scope_logs")) {
        for (JsonNode r : array(sl, "logRecords", "log_records")) {
          Map<String, Object> attributes = attributes(field(r, "attributes"));
          String event = field(r, "eventName").asText("");
          if (event.isEmpty()) {
            event = String.valueOf(attributes.getOrDefault("event.name", ""));
          }
          long time = nanos(r, "timeUnixNano", "time_unix_nano");
          if (time == 0) {
            time = nanos(r, "observedTimeUnixNano", "observed_time_unix_nano");
          }
          JsonNode body = field(r, "body");
          out.add(new OtlpLog(id(r, "traceId", "trace_id"), id(r, "spanId", "span_id"), time, event,
              body.isMissingNode() ? null : value(body), attributes));
        }
      }
    }
    return out;
  }

  private static Iterable<JsonNode> array(JsonNode node, String camel, String snake) {
    JsonNode a = node.get(camel);
    if (a == null) {
      a = node.get(snake);
    }
    return a != null && a.isArray() ? a : List.of();
  }

  private static JsonNode field(JsonNode node, String camel) {
    if (node == null) {
      return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }
    JsonNode v = node.get(camel);
    if (v == null) {
      v = node.get(snake(camel));
    }
    return v == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : v;
  }

  private static String snake(String camel) {
    return camel.replaceAll("([A-Z])", "_$1").toLowerCase(Locale.ROOT);
  }

  private static String id(JsonNode s, String camel, String snake) {
    JsonNode v = s.has(camel) ? s.get(camel) : s.get(snake);
    return v == null || v.isNull() ? "" : v.asText().toLowerCase(Locale.ROOT);
  }

  private static long nanos(JsonNode n, String camel, String snake) {
    JsonNode v = n.has(camel) ? n.get(camel) : n.get(snake);
    if (v == null || v.isNull()) {
      return 0;
    }
    try {
      return v.isNumber() ? v.asLong() : Long.parseLong(v.asText());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static Map<String, Object> attributes(JsonNode list) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (list != null && list.isArray()) {
      for (JsonNode kv : list) {
        out.put(kv.path("key").asText(), value(kv.get("value")));
      }
    }
    return out;
  }

  private static Object value(JsonNode v) {
    if (v == null || v.isNull()) {
      return null;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode x = e.getValue();
      switch (e.getKey()) {
        case "stringValue":
        case "string_value":
          return x.asText();
        case "boolValue":
        case "bool_value":
          return x.asBoolean();
        case "intValue":
        case "int_value":
          return x.isNumber() ? x.asLong() : Long.parseLong(x.asText());
        case "doubleValue":
        case "double_value":
          return x.asDouble();
        case "arrayValue":
        case "array_value":
          List<Object> items = new ArrayList<>();
          for (JsonNode item : array(x, "values", "values")) {
            items.add(value(item));
          }
          return items;
        case "kvlistValue":
        case "kvlist_value":
          return attributes(x.get("values"));
        case "bytesValue":
        case "bytes_value":
          return java.util.HexFormat.of().formatHex(Base64.getDecoder().decode(x.asText()));
        default:
          break;
      }
    }
    return null;
  }
}

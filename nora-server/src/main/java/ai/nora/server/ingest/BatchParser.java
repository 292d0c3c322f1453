package ai.nora.server.ingest;

import ai.nora.server.ApiException;
import ai.nora.server.Micros;
import ai.nora.server.SpanType;
import ai.nora.server.Status;
import ai.nora.server.storage.SpanRecord;
import ai.nora.server.storage.TraceRecord;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a batch of the Nora ingest protocol item by item ({@code docs/ingest-protocol.md}): a
 * bad item is reported with the path of what is wrong and the others go on.
 */
public final class BatchParser {
  private static final Pattern TRACE_ID = Pattern.compile("[0-9a-f]{32}");
  private static final Pattern SPAN_ID = Pattern.compile("[0-9a-f]{16}");
  private static final Set<String> TRACE_STATUS = Set.copyOf(Status.wires());
  private static final Set<String> SPAN_STATUS = Set.of(Status.SUCCESS.wire(), Status.ERROR.wire());
  private static final List<String> TYPES =
      SpanType.wires();

  private final SpanItems spanItems;

  BatchParser(SpanItems spanItems) {
    this.spanItems = spanItems;
  }

  /**
   * The good items of a batch with their places in it, and the refused ones.
   *
   * @param traces traces to store
   * @param spans spans to store
   * @param errors refused items
   * @param traceIndex each stored trace's index in the batch's {@code traces}
   * @param spanIndex each stored span's index in the batch's {@code spans}
   */
  record Parsed(List<TraceRecord> traces, List<SpanRecord> spans, List<ItemError> errors,
      List<Integer> traceIndex, List<Integer> spanIndex) {}

  Parsed parse(JsonNode root, long nowUs) {
    if (root == null || !root.isObject()) {
      throw ApiException.badRequest("body: expected a JSON object with \"traces\" and \"spans\"");
    }
    JsonNode traces = root.get("traces");
    JsonNode spans = root.get("spans");
    if (traces == null || !traces.isArray()) {
      throw ApiException.badRequest("traces: required, an array");
    }
    if (spans == null || !spans.isArray()) {
      throw ApiException.badRequest("spans: required, an array");
    }
    String serviceUrl = root.path("service_url").isTextual() ? root.get("service_url").asText() : null;
    List<ItemError> errors = new ArrayList<>();
    List<TraceRecord> traceRecords = new ArrayList<>();
    List<Integer> traceIndex = new ArrayList<>();
    List<Integer> spanIndex = new ArrayList<>();
    for (int i = 0; i < traces.size(); i++) {
      JsonNode item = traces.get(i);
      try {
        traceRecords.add(trace(item, "traces[" + i + "]", nowUs, serviceUrl));
        traceIndex.add(i);
      } catch (Invalid e) {
        errors.add(new ItemError(i, "trace", idOf(item), e.getMessage()));
      } catch (InvalidItem e) {
        errors.add(new ItemError(i, "trace", idOf(item), "traces[" + i + "]." + e.getMessage()));
      }
    }
    List<SpanRecord> spanRecords = new ArrayList<>();
    for (int i = 0; i < spans.size(); i++) {
      JsonNode item = spans.get(i);
      try {
        spanRecords.add(span(item, "spans[" + i + "]", nowUs));
        spanIndex.add(i);
      } catch (Invalid e) {
        errors.add(new ItemError(i, "span", idOf(item), e.getMessage()));
      } catch (InvalidItem e) {
        errors.add(new ItemError(i, "span", idOf(item), "spans[" + i + "]." + e.getMessage()));
      }
    }
    return new Parsed(traceRecords, spanRecords, errors, traceIndex, spanIndex);
  }

  /**
   * A trace item of the batched protocol, checked as {@code POST /v1/ingest} checks it (for
   * traces that arrive another way, such as Nora's SDK exporting over OTLP).
   *
   * @throws InvalidItem saying what is wrong
   */
  public static TraceRecord traceItem(JsonNode item, long nowUs) {
    try {
      return trace(item, "trace", nowUs, null);
    } catch (Invalid e) {
      throw new InvalidItem(e.getMessage());
    }
  }

  private static TraceRecord trace(JsonNode item, String at, long nowUs, String serviceUrl) {
    if (!item.isObject()) {
      throw new Invalid(at + ": expected an object");
    }
    String id = id(item, "id", at, TRACE_ID, "32");
    String name = requiredText(item, "name", at);
    String status = oneOf(item, "status", at, TRACE_STATUS);
    long start = time(item, "start_time", at, nowUs);
    Long end = null;
    if (item.hasNonNull("end_time")) {
      end = time(item, "end_time", at, nowUs);
      if (end < start) {
        throw new Invalid(at + ".end_time: before start_time");
      }
    } else if (!Status.PENDING.is(status)) {
      throw new Invalid(at + ".end_time: a trace with status " + status + " needs its end_time");
    }
    return TraceRecord.builder(id, Limits.cut(name, Limits.MAX_NAME_CHARS), status, start).end(end)
        .context(optionalText(item, "environment", at), optionalText(item, "session_id", at),
            optionalText(item, "user_id", at))
        .metadata(json(objectOrNull(item, "metadata", at), "metadata")).input(json(item.get("input"), "input"))
        .output(json(item.get("output"), "output")).error(json(objectOrNull(item, "error", at), "error"))
        .serviceUrl(serviceUrl).build();
  }

  private SpanRecord span(JsonNode node, String at, long nowUs) {
    if (!node.isObject()) {
      throw new Invalid(at + ": expected an object");
    }
    ObjectNode item = (ObjectNode) Limits.bound(node);
    String id = id(item, "id", at, SPAN_ID, "16");
    String traceId = id(item, "trace_id", at, TRACE_ID, "32");
    if (item.hasNonNull("parent_id")) {
      id(item, "parent_id", at, SPAN_ID, "16");
    }
    String type = oneOf(item, "type", at, Set.copyOf(TYPES));
    requiredText(item, "name", at);
    item.put("name", Limits.cut(item.get("name").asText(), Limits.MAX_NAME_CHARS));
    String status = oneOf(item, "status", at, SPAN_STATUS);
    long start = time(item, "start_time", at, nowUs);
    long end = time(item, "end_time", at, nowUs);
    if (end < start) {
      throw new Invalid(at + ".end_time: before start_time");
    }
    if (SpanType.isCall(type)
        && (!item.path("provider").isTextual() || !item.path("model").isTextual())) {
      throw new Invalid(at + ": a " + type + " needs provider and model");
    }
    if (SpanType.TOOL.is(type) && !item.path("tool_name").isTextual()) {
      throw new Invalid(at + ": a tool span needs tool_name");
    }
    if (Status.ERROR.is(status) && !item.path("error").isObject()) {
      item.putObject("error").put("type", "error");
    }
    item.put("id", id);
    item.put("trace_id", traceId);
    return spanItems.record(item, start, end);
  }

  private static String id(JsonNode item, String field, String at, Pattern pattern, String hex) {
    JsonNode v = item.get(field);
    if (v == null || v.isNull()) {
      throw new Invalid(at + "." + field + ": required");
    }
    String s = v.isTextual() ? v.textValue().toLowerCase(Locale.ROOT) : "";
    if (!pattern.matcher(s).matches()) {
      throw new Invalid(at + "." + field + ": not " + hex + " lowercase hex characters");
    }
    return s;
  }

  private static String requiredText(JsonNode item, String field, String at) {
    JsonNode v = item.get(field);
    if (v == null || v.isNull()) {
      throw new Invalid(at + "." + field + ": required");
    }
    if (!v.isTextual() || v.textValue().isBlank()) {
      throw new Invalid(at + "." + field + ": expected a non-empty string");
    }
    return v.textValue();
  }

  private static String optionalText(JsonNode item, String field, String at) {
    JsonNode v = item.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw new Invalid(at + "." + field + ": expected a string");
    }
    return Limits.cut(v.textValue(), Limits.MAX_NAME_CHARS);
  }

  private static String oneOf(JsonNode item, String field, String at, Set<String> allowed) {
    JsonNode v = item.get(field);
    if (v == null || v.isNull()) {
      throw new Invalid(at + "." + field + ": required");
    }
    if (!v.isTextual() || !allowed.contains(v.textValue())) {
      List<String> names = field.equals("type") ? TYPES : allowed.stream().sorted().toList();
      throw new Invalid(at + "." + field + ": not one of " + String.join(", ", names));
    }
    return v.textValue();
  }

  private static long time(JsonNode item, String field, String at, long nowUs) {
    JsonNode v = item.get(field);
    if (v == null || v.isNull()) {
      throw new Invalid(at + "." + field + ": required");
    }
    Long us = v.isTextual() ? Micros.parseIso(v.textValue()) : null;
    if (us == null) {
      throw new Invalid(at + "." + field + ": not an ISO-8601 UTC time");
    }
    if (!Micros.plausible(us, nowUs)) {
      throw new Invalid(at + "." + field + ": " + v.textValue()
          + " is not a plausible time (before 2000 or more than a day ahead)");
    }
    return us;
  }

  private static JsonNode objectOrNull(JsonNode item, String field, String at) {
    JsonNode v = item.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isObject()) {
      throw new Invalid(at + "." + field + ": expected an object");
    }
    return v;
  }

  private static String json(JsonNode node, String field) {
    return node == null || node.isNull() ? null : Limits.bound(node, field).toString();
  }

  private static String idOf(JsonNode item) {
    JsonNode id = item == null ? null : item.get("id");
    return id != null && id.isTextual() ? Limits.cut(id.textValue(), 64) : null;
  }

  /** One item is invalid; the message says what and where. */
  static final class Invalid extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Invalid(String message) {
      super(message, null, false, false);
    }
  }

}

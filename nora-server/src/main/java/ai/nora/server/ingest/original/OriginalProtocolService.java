package ai.nora.server.ingest.original;

import ai.nora.cost.PriceTable;
import ai.nora.server.ApiException;
import ai.nora.server.Micros;
import ai.nora.server.Status;
import ai.nora.server.ingest.IngestResult;
import ai.nora.server.ingest.InvalidItem;
import ai.nora.server.ingest.ItemError;
import ai.nora.server.ingest.ItemWriter;
import ai.nora.server.ingest.Limits;
import ai.nora.server.ingest.SpanItems;
import ai.nora.server.storage.SpanRecord;
import ai.nora.server.storage.SpanRow;
import ai.nora.server.storage.Store;
import ai.nora.server.storage.TracePatch;
import ai.nora.server.storage.TraceRecord;
import ai.nora.server.storage.TraceRow;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The original Nora protocol, as the published client really speaks it (CONTRACT 3.1 and 4.1):
 * a group's trace is created pending ({@code POST /v1/traces/}), each call of the group is posted
 * as an execution ({@code POST /v1/executions/}), the trace is closed with a PATCH, and then
 * every call is delivered once more, with the calls made outside any group, in a
 * {@code POST /v1} batch.
 *
 * <p>A call is keyed by its {@code span_data.id}, so its second delivery adds nothing, whichever
 * arrives first: a batch call already stored is skipped; one not yet stored joins the trace of
 * its group's other calls, or, when none has arrived, a trace of its own group named as the
 * batch says, which the group's first execution later merges into the group's trace.
 */
public final class OriginalProtocolService {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> STATUSES = Set.copyOf(Status.wires());

  private final Store store;
  private final SpanItems spanItems;
  /**
   * The check-then-write of a delivery (is this call stored? where is its group?) runs under its
   * project's stripe, so an execution and a batch racing for one group cannot both miss each
   * other. SQLite serialises writes anyway; on PostgreSQL this bounds one server instance.
   */
  private final ReentrantLock[] stripes = new ReentrantLock[32];

  public OriginalProtocolService(Store store, PriceTable prices) {
    this.store = store;
    this.spanItems = new SpanItems(prices);
    for (int i = 0; i < stripes.length; i++) {
      stripes[i] = new ReentrantLock();
    }
  }

  /** {@code POST /v1/traces/}: a new pending trace; returns it as stored. */
  public TraceRow createTrace(String projectId, JsonNode body) {
    requireObject(body);
    String name = text(body, "trace_name", true);
    JsonNode metadata = body.get("metadata");
    if (metadata != null && !metadata.isNull() && !metadata.isObject()) {
      throw ApiException.badRequest("metadata: expected an object");
    }
    String environment = text(body, "environment", false);
    String id = UUID.randomUUID().toString();
    long now = Micros.now();
    String userId = metadata == null ? null : SpanData.text(metadata.get("user_id"));
    String sessionId = metadata == null ? null : SpanData.text(metadata.get("session_id"));
    store.write(projectId,
        List.of(TraceRecord.builder(id, Limits.cut(name, Limits.MAX_NAME_CHARS), Status.PENDING.wire(), now)
            .context(environment(environment), sessionId, userId).metadata(json(metadata, "metadata"))
            .input(json(body.get("input"), "input")).build()),
        List.of());
    return store.trace(projectId, id).orElseThrow();
  }

  /** {@code POST /v1/executions/}: one call of a group's trace; answers in the original shape. */
  public ObjectNode createExecution(String projectId, JsonNode body) {
    requireObject(body);
    String traceId = text(body, "trace_id", true);
    String spanName = text(body, "span_name", true);
    JsonNode raw = body.get("span_data");
    if (raw == null || !raw.isObject()) {
      throw ApiException.badRequest("span_data: required, an object");
    }
    JsonNode data = bound(raw, "span_data");
    long now = Micros.now();
    long start = SpanData.time(data, "start_time", now, now, "span_data.");
    long end = SpanData.time(data, "end_time", start, now, "span_data.");
    if (end < start) {
      throw ApiException.badRequest("span_data.end_time: before start_time");
    }
    String id = spanId(data);
    ReentrantLock lock = stripe(projectId);
    lock.lock();
    try {
      Optional<TraceRow> trace = store.trace(projectId, traceId);
      if (trace.isEmpty()) {
        throw ApiException.notFound("trace_id: trace '" + traceId + "' not found");
      }
      String group = SpanData.groupId(data);
      if (group != null) {
        // The group's batch came first: its calls join the trace they belong to.
        String early = groupTraceId(group);
        if (!early.equals(traceId) && store.trace(projectId, early).isPresent()) {
          store.mergeTrace(projectId, early, traceId);
        }
      }
      SpanRecord record;
      try {
        record = record(id, traceId, spanName, data, start, end);
      } catch (InvalidItem e) {
        throw ApiException.badRequest("span_data." + e.getMessage());
      }
      store.write(projectId, List.of(), List.of(record));
      if (Status.ERROR.is(record.status())) {
        giveErrorToFailedTrace(projectId, traceId);
      }
    } finally {
      lock.unlock();
    }
    ObjectNode out = F.objectNode();
    out.put("id", id);
    out.put("trace_id", traceId);
    out.put("span_name", spanName);
    out.set("span_data", raw);
    out.put("created_at", Micros.iso(now));
    return out;
  }

  /**
   * {@code POST /v1}: the client's batch {@code {trace_name, trace_data: [span_data...],
   * environment}}, sent for calls made outside any group (each becomes a trace of its own,
   * named as sent) and again, after an outermost group ends, for the calls of the group.
   *
   * @throws ApiException 400 when the body is not such a batch at all
   */
  public IngestResult postBatch(String projectId, JsonNode body) {
    requireObject(body);
    String traceName = text(body, "trace_name", false);
    traceName = Limits.cut(traceName == null || traceName.isBlank() ? "default" : traceName,
        Limits.MAX_NAME_CHARS);
    String environment = Limits.cut(text(body, "environment", false), Limits.MAX_NAME_CHARS);
    JsonNode items = body.get("trace_data");
    if (items == null || !items.isArray()) {
      throw ApiException.badRequest("trace_data: required, an array of span_data objects");
    }
    long now = Micros.now();
    List<ItemError> errors = new ArrayList<>();
    List<Call> calls = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      JsonNode raw = items.get(i);
      String where = "trace_data[" + i + "].";
      if (!raw.isObject()) {
        errors.add(new ItemError(i, "span", null, "trace_data[" + i + "]: expected a span_data object"));
        continue;
      }
      try {
        JsonNode data = bound(raw, "trace_data[" + i + "]");
        long start = SpanData.time(data, "start_time", now, now, where);
        long end = SpanData.time(data, "end_time", start, now, where);
        if (end < start) {
          throw ApiException.badRequest(where + "end_time: before start_time");
        }
        calls.add(new Call(i, spanId(data), SpanData.groupId(data), data, start, end));
      } catch (ApiException e) {
        errors.add(new ItemError(i, "span", SpanData.id(raw), e.getMessage()));
      }
    }
    ReentrantLock lock = stripe(projectId);
    int stored;
    lock.lock();
    try {
      stored = storeBatch(projectId, traceName, environment, calls, errors);
    } finally {
      lock.unlock();
    }
    errors.sort(java.util.Comparator.comparingInt(ItemError::index));
    return new IngestResult(stored, errors);
  }

  /** Stores a batch's calls not stored yet; returns how many it took, adding errors for the others. */
  private int storeBatch(String projectId, String traceName, String environment, List<Call> calls,
      List<ItemError> errors) {
    // Calls already stored (their execution came first) are skipped; they show where their
    // group's trace is, for the group's calls whose execution never arrived.
    Map<String, String> groupTrace = new HashMap<>();
    List<Call> fresh = new ArrayList<>();
    for (Call c : calls) {
      Optional<String> stored = store.traceOfSpan(projectId, c.id);
      if (stored.isPresent()) {
        if (c.group != null) {
          groupTrace.putIfAbsent(c.group, stored.get());
        }
      } else {
        fresh.add(c);
      }
    }
    int already = calls.size() - fresh.size();
    Map<String, List<Call>> byTrace = new LinkedHashMap<>();
    Set<String> existing = new java.util.HashSet<>(groupTrace.values());
    for (Call c : fresh) {
      String traceId = c.group == null ? callTraceId(c.id)
          : groupTrace.getOrDefault(c.group, groupTraceId(c.group));
      byTrace.computeIfAbsent(traceId, k -> new ArrayList<>()).add(c);
    }
    List<TraceRecord> traces = new ArrayList<>();
    List<SpanRecord> spans = new ArrayList<>();
    List<String> failedExisting = new ArrayList<>();
    for (Map.Entry<String, List<Call>> e : byTrace.entrySet()) {
      String traceId = e.getKey();
      List<SpanRecord> own = new ArrayList<>();
      List<Call> kept = new ArrayList<>();
      for (Call c : e.getValue()) {
        try {
          own.add(record(c.id, traceId, SpanData.name(c.data), c.data, c.startUs, c.endUs));
          kept.add(c);
        } catch (InvalidItem bad) {
          errors.add(new ItemError(c.index, "span", c.id, "trace_data[" + c.index + "]." + bad.getMessage()));
        }
      }
      if (own.isEmpty()) {
        continue;
      }
      spans.addAll(own);
      boolean failed = own.stream().anyMatch(s -> Status.ERROR.is(s.status()));
      if (existing.contains(traceId)) {
        if (failed) {
          failedExisting.add(traceId);
        }
      } else {
        traces.add(batchTrace(traceId, traceName, environment, kept, own, failed));
      }
    }
    List<ItemWriter.Refused> refused = ItemWriter.write(store, projectId, traces, spans);
    for (ItemWriter.Refused r : refused) {
      if (!r.trace()) {
        SpanRecord s = spans.get(r.position());
        int index = calls.stream().filter(c -> c.id.equals(s.id())).findFirst().orElseThrow().index;
        errors.add(new ItemError(index, "span", s.id(), "trace_data[" + index + "]: " + r.detail()));
      }
    }
    failedExisting.forEach(t -> giveErrorToFailedTrace(projectId, t));
    return already + spans.size() - (int) refused.stream().filter(r -> !r.trace()).count();
  }

  /** The trace a batch makes for calls whose group's trace is unknown, or for a lone call. */
  private static TraceRecord batchTrace(String traceId, String name, String environment,
      List<Call> calls, List<SpanRecord> spans, boolean failed) {
    long start = calls.stream().mapToLong(c -> c.startUs).min().orElseThrow();
    long end = calls.stream().mapToLong(c -> c.endUs).max().orElseThrow();
    String env = environment != null ? environment : SpanData.text(calls.get(0).data.get("environment"));
    String input = null;
    String output = null;
    String error = null;
    if (calls.size() == 1 && calls.get(0).group == null) {
      // A lone call: the trace shows its last user message and its answer, as the SDK's do.
      JsonNode item = parse(spans.get(0).bodyJson());
      input = lastUserText(item.path("input"));
      JsonNode answer = item.path("output").path(0).get("content");
      output = answer == null || answer.isNull() ? null : answer.toString();
    }
    if (failed) {
      JsonNode item = spans.stream().filter(s -> Status.ERROR.is(s.status())).findFirst()
          .map(s -> parse(s.bodyJson())).orElseThrow();
      error = item.path("error").toString();
    }
    return TraceRecord.builder(traceId, name, (failed ? Status.ERROR : Status.SUCCESS).wire(), start).end(end)
        .context(environment(env), null, null).input(input).output(output).error(error).build();
  }

  /** {@code PATCH /v1/traces/{id}}: sets any of output, latency, tokens, cost, status, error. */
  public TraceRow patchTrace(String projectId, String traceId, JsonNode body) {
    requireObject(body);
    JsonNode latency = body.get("latency");
    if (latency != null && !latency.isNull() && !latency.isNumber()) {
      throw ApiException.badRequest("latency: expected a number of seconds >= 0");
    }
    try {
      Limits.seconds(latency, "latency");
    } catch (InvalidItem e) {
      throw ApiException.badRequest(e.getMessage());
    }
    JsonNode tokens = body.get("tokens");
    if (tokens != null && !tokens.isNull()) {
      if (!tokens.isObject()) {
        throw ApiException.badRequest("tokens: expected an object such as {\"total_tokens\": 150}");
      }
      tokens.fields().forEachRemaining(e -> {
        try {
          Limits.count(e.getValue(), "tokens." + e.getKey());
        } catch (InvalidItem bad) {
          throw ApiException.badRequest(bad.getMessage());
        }
      });
    }
    JsonNode cost = body.get("cost");
    try {
      Limits.cost(cost, "cost");
    } catch (InvalidItem e) {
      throw ApiException.badRequest(e.getMessage());
    }
    String status = text(body, "status", false);
    if (status != null && !STATUSES.contains(status)) {
      throw ApiException.badRequest("status: expected pending, success or error");
    }
    JsonNode error = body.get("error");
    String errorJson = null;
    if (error != null && !error.isNull()) {
      errorJson = error.isTextual()
          ? F.objectNode().put("type", "error").put("message", Limits.cut(error.asText(), Limits.MAX_TEXT_CHARS)).toString()
          : json(error, "error");
    }
    long now = Micros.now();
    TracePatch patch = new TracePatch(json(body.get("output"), "output"),
        latency == null || latency.isNull() ? null : latency.asDouble(),
        json(tokens, "tokens"), cost == null || cost.isNull() ? null : cost.asDouble(), status, errorJson,
        status != null && !Status.PENDING.is(status) ? Long.valueOf(now) : null);
    ReentrantLock lock = stripe(projectId);
    lock.lock();
    try {
      if (!store.patchTrace(projectId, traceId, patch, now)) {
        throw ApiException.notFound("trace '" + traceId + "' not found");
      }
      if (Status.ERROR.is(status) && errorJson == null) {
        giveErrorToFailedTrace(projectId, traceId);
      }
    } finally {
      lock.unlock();
    }
    return store.trace(projectId, traceId).orElseThrow();
  }

  /**
   * A failed trace that was given no error takes its first failed call's: the client PATCHes
   * {@code status: "error"} without one, and its calls may arrive before or after the PATCH.
   */
  private void giveErrorToFailedTrace(String projectId, String traceId) {
    Optional<TraceRow> trace = store.trace(projectId, traceId);
    if (trace.isEmpty() || !Status.ERROR.is(trace.get().status()) || trace.get().errorJson() != null) {
      return;
    }
    for (SpanRow span : store.spans(projectId, traceId)) {
      JsonNode error = parse(span.bodyJson()).get("error");
      if (error != null && error.isObject()) {
        store.patchTrace(projectId, traceId,
            new TracePatch(null, null, null, null, null, error.toString(), null), Micros.now());
        return;
      }
    }
  }

  private SpanRecord record(String id, String traceId, String name, JsonNode data, long start, long end) {
    return spanItems.record(SpanData.item(id, traceId, name, data, start, end), start, end);
  }

  /** The call's own id, so a second delivery finds the first; a made-up one when it has none. */
  private static String spanId(JsonNode data) {
    String id = SpanData.id(data);
    if (id != null) {
      return Limits.cut(id, 128);
    }
    return UUID.nameUUIDFromBytes(data.toString().getBytes(StandardCharsets.UTF_8)).toString();
  }

  /** The trace of a group whose calls came in a batch before any of its executions. */
  static String groupTraceId(String groupId) {
    return UUID.nameUUIDFromBytes(("nora-original-group:" + groupId).getBytes(StandardCharsets.UTF_8)).toString();
  }

  /** The trace of a call made outside any group. */
  static String callTraceId(String spanId) {
    return UUID.nameUUIDFromBytes(("nora-original-call:" + spanId).getBytes(StandardCharsets.UTF_8)).toString();
  }

  private ReentrantLock stripe(String projectId) {
    return stripes[Math.floorMod(projectId.hashCode(), stripes.length)];
  }

  private static String lastUserText(JsonNode messages) {
    String last = null;
    for (JsonNode m : messages) {
      if ("user".equals(m.path("role").asText()) && m.hasNonNull("content")) {
        last = m.get("content").asText();
      }
    }
    return last == null ? null : F.textNode(last).toString();
  }

  private static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      return F.objectNode();
    }
  }

  private static String environment(String environment) {
    return environment == null ? "default" : Limits.cut(environment, Limits.MAX_NAME_CHARS);
  }

  private static void requireObject(JsonNode body) {
    if (body == null || !body.isObject()) {
      throw ApiException.badRequest("body: expected a JSON object");
    }
  }

  private static String text(JsonNode body, String field, boolean required) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      if (required) {
        throw ApiException.badRequest(field + ": required");
      }
      return null;
    }
    if (!v.isTextual() || (required && v.asText().isBlank())) {
      throw ApiException.badRequest(field + ": expected a " + (required ? "non-empty " : "") + "string");
    }
    return v.asText();
  }

  private static String json(JsonNode node, String field) {
    return node == null || node.isNull() ? null : bound(node, field).toString();
  }

  /** {@link Limits#bound}, a number that is not finite answered 400 naming its place. */
  private static JsonNode bound(JsonNode node, String field) {
    try {
      return Limits.bound(node, field);
    } catch (InvalidItem e) {
      throw ApiException.badRequest(e.getMessage());
    }
  }

  /** One call of a batch, read and checked. */
  private record Call(int index, String id, String group, JsonNode data, long startUs, long endUs) {}
}

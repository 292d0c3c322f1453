package ai.nora.server.ingest.otlp;

import ai.nora.cost.PriceTable;
import ai.nora.server.Micros;
import ai.nora.server.SpanType;
import ai.nora.server.Status;
import ai.nora.server.ingest.BatchParser;
import ai.nora.server.ingest.InvalidItem;
import ai.nora.server.ingest.ItemWriter;
import ai.nora.server.ingest.Limits;
import ai.nora.server.ingest.SpanItems;
import ai.nora.server.storage.SpanAddition;
import ai.nora.server.storage.SpanRecord;
import ai.nora.server.storage.TraceWriter;
import ai.nora.server.storage.TraceRecord;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * OTLP/HTTP ingest: spans ({@code POST /otlp/v1/traces}) and log records ({@code POST
 * /otlp/v1/logs}). A trace is made from its spans (name, status and times from its root span;
 * input and output from a root span that has them; environment from the resource's {@code
 * deployment.environment[.name]}; session and user from the conventions' attributes). GenAI
 * events become the messages of the span they name, as span events or as log records that may
 * arrive before or after the span.
 */
public final class OtlpService {
  private static final Pattern TRACE_ID = Pattern.compile("[0-9a-f]{32}");
  private static final Pattern SPAN_ID = Pattern.compile("[0-9a-f]{16}");

  private final TraceWriter store;
  private final SpanItems spanItems;

  public OtlpService(TraceWriter store, PriceTable prices) {
    this.store = store;
    this.spanItems = new SpanItems(prices);
  }

  /** Items stored and refused, with the first reason for a refusal. */
  public record Result(int accepted, int rejected, String firstError) {}

  public Result ingestProtobuf(String projectId, byte[] body) {
    return ingest(projectId, OtlpProtoReader.read(body));
  }

  public Result ingestJson(String projectId, JsonNode body) {
    return ingest(projectId, OtlpJsonReader.read(body));
  }

  public Result ingestLogsProtobuf(String projectId, byte[] body) {
    return ingestLogs(projectId, OtlpProtoReader.readLogs(body));
  }

  public Result ingestLogsJson(String projectId, JsonNode body) {
    return ingestLogs(projectId, OtlpJsonReader.readLogs(body));
  }

  private Result ingest(String projectId, List<OtlpSpan> spans) {
    long now = Micros.now();
    List<SpanBatch.Mapped> mapped = new ArrayList<>();
    List<Integer> positions = new ArrayList<>();
    int rejected = 0;
    // The first problem in the request's order, whichever step found it.
    java.util.TreeMap<Integer, String> problems = new java.util.TreeMap<>();
    for (int i = 0; i < spans.size(); i++) {
      OtlpSpan s = spans.get(i);
      String problem = check(s, now);
      if (problem == null) {
        try {
          mapped.add(OtlpMapper.map(s));
          positions.add(i);
        } catch (RuntimeException e) {
          problem = "could not be read (" + e.getClass().getSimpleName() + ")";
        }
      }
      if (problem != null) {
        rejected++;
        problems.putIfAbsent(i, "span " + i + " ('" + Limits.cut(s.name(), 100) + "'): " + problem);
      }
    }
    SpanBatch.adjust(mapped);
    List<SpanRecord> records = new ArrayList<>();
    Map<String, TraceRecord> hints = new LinkedHashMap<>();
    List<TraceRecord> traces = new ArrayList<>();
    for (int k = 0; k < mapped.size(); k++) {
      SpanBatch.Mapped m = mapped.get(k);
      int i = positions.get(k);
      OtlpSpan s = m.span();
      long start = s.startNanos() / 1000;
      long end = Math.max(start, s.endNanos() / 1000);
      try {
        ObjectNode item = (ObjectNode) Limits.bound(m.item());
        item.put("start_time", Micros.iso(start));
        item.put("end_time", Micros.iso(end));
        records.add(spanItems.record(item, start, end));
        hints.merge(s.traceId(), hint(m, item, start), TraceRecord::mergedWith);
      } catch (InvalidItem e) {
        rejected++;
        problems.putIfAbsent(i, "span " + i + " ('" + Limits.cut(s.name(), 100) + "'): " + e.getMessage());
        continue;
      }
      Object traceItem = s.parentSpanId().isEmpty() ? s.attributes().get("nora.trace.item") : null;
      if (traceItem != null) {
        try {
          TraceRecord t = BatchParser.traceItem(Attrs.json(traceItem), now);
          if (t.id().equals(s.traceId())) {
            traces.add(t);
          }
        } catch (InvalidItem e) {
          // The span is stored; its trace is made from its spans, as for any OTLP sender.
          problems.putIfAbsent(i, "span " + i + " ('" + Limits.cut(s.name(), 100)
              + "'): nora.trace.item: " + e.getMessage() + " (the span is stored)");
        }
      }
    }
    traces.addAll(hints.values());
    List<ItemWriter.Refused> refused = ItemWriter.write(store, projectId, traces, records);
    int lost = (int) refused.stream().filter(r -> !r.trace()).count();
    String firstError = problems.isEmpty() ? null : problems.firstEntry().getValue();
    if (lost > 0 && firstError == null) {
      SpanRecord first = records.get(refused.stream().filter(r -> !r.trace()).findFirst().orElseThrow().position());
      firstError = "span '" + first.name() + "': " + refused.get(0).detail();
    }
    return new Result(records.size() - lost, rejected + lost, firstError);
  }

  /**
   * Log records: GenAI events that name a span are stored as additions to it; other records are
   * accepted and not kept (Nora is not a log store), so an application's whole log export does
   * no harm. A GenAI event without a valid trace and span id is refused.
   */
  private Result ingestLogs(String projectId, List<OtlpLog> logs) {
    List<SpanAddition> additions = new ArrayList<>();
    int rejected = 0;
    String firstError = null;
    long now = Micros.now();
    for (int i = 0; i < logs.size(); i++) {
      OtlpLog r = logs.get(i);
      if (!GenAiEvents.known(r.eventName())) {
        continue;
      }
      String problem = null;
      ObjectNode body = null;
      if (!TRACE_ID.matcher(r.traceId()).matches() || !SPAN_ID.matcher(r.spanId()).matches()) {
        problem = "a GenAI event must name its span: traceId (16 bytes) and spanId (8 bytes) in hex";
      } else {
        try {
          body = GenAiEvents.contribution(r.eventName(), r.body(), r.attributes());
          body = body == null ? null : (ObjectNode) Limits.bound(body);
        } catch (InvalidItem | IllegalArgumentException e) {
          problem = "could not be read: " + e.getMessage();
        }
      }
      if (problem != null) {
        rejected++;
        firstError = firstError != null ? firstError : "logRecord " + i + " ('" + Limits.cut(r.eventName(), 100) + "'): " + problem;
        continue;
      }
      if (body != null) {
        long timeUs = r.timeNanos() > 0 ? r.timeNanos() / 1000 : now;
        String json = body.toString();
        additions.add(new SpanAddition(r.traceId(), r.spanId(),
            digest(r.traceId() + r.spanId() + timeUs + r.eventName() + json), timeUs, i, json));
      }
    }
    store.addToSpans(projectId, additions);
    return new Result(logs.size() - rejected, rejected, firstError);
  }

  private static String digest(String s) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(h, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String check(OtlpSpan s, long nowUs) {
    if (!TRACE_ID.matcher(s.traceId()).matches() || s.traceId().chars().allMatch(c -> c == '0')) {
      return "traceId is not 16 bytes of hex (and not all zero)";
    }
    if (!SPAN_ID.matcher(s.spanId()).matches()) {
      return "spanId is not 8 bytes of hex";
    }
    if (!s.parentSpanId().isEmpty() && !SPAN_ID.matcher(s.parentSpanId()).matches()) {
      return "parentSpanId is not 8 bytes of hex";
    }
    if (s.startNanos() <= 0 || !Micros.plausible(s.startNanos() / 1000, nowUs)) {
      return "startTimeUnixNano is not a plausible time";
    }
    if (s.endNanos() != 0 && s.endNanos() < s.startNanos()) {
      return "endTimeUnixNano is before startTimeUnixNano";
    }
    if (s.endNanos() != 0 && !Micros.plausible(s.endNanos() / 1000, nowUs)) {
      return "endTimeUnixNano is not a plausible time";
    }
    return null;
  }

  /** What a span tells of its trace; a root span with input or output gives the trace its own. */
  private static TraceRecord hint(SpanBatch.Mapped m, ObjectNode item, long startUs) {
    OtlpSpan s = m.span();
    Map<String, Object> r = s.resource();
    String env = Limits.cut(Attrs.first(Attrs.str(r, "deployment.environment.name"),
        Attrs.str(r, "deployment.environment")), Limits.MAX_NAME_CHARS);
    String session = Limits.cut(Attrs.first(m.session(), Attrs.str(r, "session.id")), Limits.MAX_NAME_CHARS);
    String user = Limits.cut(Attrs.first(m.user(), Attrs.str(r, "user.id")), Limits.MAX_NAME_CHARS);
    boolean root = s.parentSpanId().isEmpty();
    boolean calls = SpanType.GENERATION.is(item.path("type").asText());
    String input = root && !calls && item.has("input") ? item.get("input").toString() : null;
    String output = root && !calls && item.has("output") ? item.get("output").toString() : null;
    String name = s.name().isEmpty() ? "trace" : Limits.cut(s.name(), Limits.MAX_NAME_CHARS);
    return TraceRecord.placeholder(s.traceId(), name, startUs).withContext(env, session, user)
        .withInputOutput(input, output);
  }
}

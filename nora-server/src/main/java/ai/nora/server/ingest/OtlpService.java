package ai.nora.server.ingest;

import ai.nora.cost.PriceTable;
import ai.nora.server.storage.SpanRecord;
import ai.nora.server.storage.Store;
import ai.nora.server.storage.TraceRecord;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * OTLP/HTTP trace ingest ({@code POST /otlp/v1/traces}). OTLP has spans only: a trace is made
 * from its spans (name, status and times from its root span; environment from the resource's
 * {@code deployment.environment[.name]}; session from {@code gen_ai.conversation.id} or {@code
 * session.id}; user from {@code user.id} or {@code enduser.id}).
 */
public final class OtlpService {
  private static final Pattern TRACE_ID = Pattern.compile("[0-9a-f]{32}");
  private static final Pattern SPAN_ID = Pattern.compile("[0-9a-f]{16}");

  private final Store store;
  private final SpanItems spanItems;

  public OtlpService(Store store, PriceTable prices) {
    this.store = store;
    this.spanItems = new SpanItems(prices);
  }

  /** Spans stored and refused, with the first reason for a refusal. */
  public record Result(int accepted, int rejected, String firstError) {}

  public Result ingestProtobuf(String projectId, byte[] body) {
    return ingest(projectId, OtlpProtoReader.read(body));
  }

  public Result ingestJson(String projectId, JsonNode body) {
    return ingest(projectId, OtlpJsonReader.read(body));
  }

  private Result ingest(String projectId, List<OtlpSpan> spans) {
    long now = Times.nowUs();
    List<SpanRecord> records = new ArrayList<>();
    Map<String, TraceRecord> hints = new LinkedHashMap<>();
    int rejected = 0;
    String firstError = null;
    for (int i = 0; i < spans.size(); i++) {
      OtlpSpan s = spans.get(i);
      String problem = check(s, now);
      if (problem != null) {
        rejected++;
        if (firstError == null) {
          firstError = "span " + i + " ('" + s.name() + "'): " + problem;
        }
        continue;
      }
      long start = s.startNanos() / 1000;
      long end = Math.max(start, s.endNanos() / 1000);
      try {
        ObjectNode item = (ObjectNode) Limits.bound(OtlpMapper.item(s));
        item.put("start_time", Times.iso(start));
        item.put("end_time", Times.iso(end));
        records.add(spanItems.record(item, start, end));
      } catch (InvalidItem e) {
        rejected++;
        if (firstError == null) {
          firstError = "span " + i + " ('" + Limits.cut(s.name(), 100) + "'): " + e.getMessage();
        }
        continue;
      }
      hints.merge(s.traceId(), hint(s, start), OtlpService::merge);
    }
    List<ItemWriter.Refused> refused =
        ItemWriter.write(store, projectId, new ArrayList<>(hints.values()), records);
    int lost = (int) refused.stream().filter(r -> !r.trace()).count();
    if (lost > 0 && firstError == null) {
      SpanRecord first = records.get(refused.stream().filter(r -> !r.trace()).findFirst().orElseThrow().position());
      firstError = "span '" + first.name() + "': " + refused.get(0).detail();
    }
    return new Result(records.size() - lost, rejected + lost, firstError);
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
    if (s.startNanos() <= 0 || !Times.plausible(s.startNanos() / 1000, nowUs)) {
      return "startTimeUnixNano is not a plausible time";
    }
    if (s.endNanos() != 0 && s.endNanos() < s.startNanos()) {
      return "endTimeUnixNano is before startTimeUnixNano";
    }
    if (s.endNanos() != 0 && !Times.plausible(s.endNanos() / 1000, nowUs)) {
      return "endTimeUnixNano is not a plausible time";
    }
    return null;
  }

  private static TraceRecord hint(OtlpSpan s, long startUs) {
    Map<String, Object> a = s.attributes();
    Map<String, Object> r = s.resource();
    String env = Limits.cut(OtlpMapper.first(OtlpMapper.str(r, "deployment.environment.name"),
        OtlpMapper.str(r, "deployment.environment")), Limits.MAX_NAME_CHARS);
    String session = Limits.cut(OtlpMapper.first(OtlpMapper.str(a, "gen_ai.conversation.id"),
        OtlpMapper.first(OtlpMapper.str(a, "session.id"), OtlpMapper.str(r, "session.id"))), Limits.MAX_NAME_CHARS);
    String user = Limits.cut(OtlpMapper.first(OtlpMapper.str(a, "user.id"),
        OtlpMapper.first(OtlpMapper.str(a, "enduser.id"), OtlpMapper.str(r, "user.id"))), Limits.MAX_NAME_CHARS);
    return new TraceRecord(s.traceId(), s.name().isEmpty() ? "trace" : Limits.cut(s.name(), Limits.MAX_NAME_CHARS), "pending",
        startUs, null, env, session, user, null, null, null, null, null, true);
  }

  private static TraceRecord merge(TraceRecord a, TraceRecord b) {
    return new TraceRecord(a.id(), a.name(), a.status(), Math.min(a.startUs(), b.startUs()), null,
        OtlpMapper.first(a.environment(), b.environment()),
        OtlpMapper.first(a.sessionId(), b.sessionId()), OtlpMapper.first(a.userId(), b.userId()),
        null, null, null, null, null, true);
  }
}

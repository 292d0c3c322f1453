package ai.nora.server.original;

import ai.nora.server.original.Recording.Request;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.UUID;

/**
 * Writes exchanges in the original client's format for the examples of its README that no
 * recording covers, following {@code shared/notes/original-client.md} and the recordings'
 * shapes field by field: {@code POST /v1/traces/} when a group starts (only {@code input} of its
 * metadata), an execution per call, {@code PATCH} with {@code cost: 0.0} when it ends, and the
 * {@code POST /v1} batch after the outermost group or on flush.
 */
final class OriginalClient {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private final String environment;
  private final List<Request> requests = new ArrayList<>();
  private final List<String> traceIds = new ArrayList<>();
  private final Deque<Group> open = new ArrayDeque<>();
  private final List<JsonNode> outermostCalls = new ArrayList<>();
  private final List<JsonNode> outside = new ArrayList<>();
  private double clock = 1_796_174_300.0;

  OriginalClient(String environment) {
    this.environment = environment;
  }

  /** A group as the client keeps it: its own id, and the id the backend gave its trace. */
  final class Group {
    final String name;
    final String clientId = UUID.randomUUID().toString();
    final String traceId;
    final double start = clock;
    final List<JsonNode> calls = new ArrayList<>();

    Group(String name, String traceId) {
      this.name = name;
      this.traceId = traceId;
    }
  }

  Group start(String name, String input) {
    String traceId = "00000000-0000-4000-8000-" + String.format("%012d", traceIds.size() + 1);
    traceIds.add(traceId);
    ObjectNode body = F.objectNode().put("trace_name", name).put("input", input == null ? "" : input)
        .put("environment", environment);
    requests.add(new Request("POST", "/v1/traces/", body));
    Group g = new Group(name, traceId);
    open.push(g);
    return g;
  }

  /** A call made now: posted as an execution of the innermost open group, or queued. */
  JsonNode call(ObjectNode spanData) {
    Group g = open.peek();
    if (g == null) {
      outside.add(spanData);
      return spanData;
    }
    spanData.with("metadata").set("trace_group", F.objectNode().put("id", g.clientId).put("name", g.name));
    g.calls.add(spanData);
    outermostCalls.add(spanData);
    String spanName = "tool_execution".equals(spanData.path("provider").asText())
        ? "tool_execution_" + spanData.path("model").asText()
        : spanData.path("provider").asText() + "_" + spanData.path("model").asText();
    requests.add(new Request("POST", "/v1/executions/", F.objectNode().put("trace_id", g.traceId)
        .put("span_name", spanName).set("span_data", spanData)));
    return spanData;
  }

  /** Ends the innermost group: its PATCH, and after the outermost, the batch of all its calls. */
  void end(String status, String output) {
    Group g = open.pop();
    long in = 0;
    long out = 0;
    for (JsonNode c : g.calls) {
      JsonNode u = c.path("metadata").path("response").path("usage");
      in += u.path("prompt_tokens").asLong(c.path("metadata").path("input_tokens").asLong());
      out += u.path("completion_tokens").asLong(c.path("metadata").path("output_tokens").asLong());
    }
    ObjectNode patch = F.objectNode().put("status", status).put("output", output)
        .put("latency", clock - g.start).put("cost", 0.0);
    patch.putObject("tokens").put("total_tokens", in + out).put("prompt_tokens", in).put("completion_tokens", out);
    requests.add(new Request("PATCH", "/v1/traces/" + g.traceId, patch));
    if (open.isEmpty()) {
      requests.add(batch(g.name, outermostCalls));
      outermostCalls.clear();
    }
  }

  /** {@code nora.flush()}: the calls made outside any group. */
  void flush() {
    if (!outside.isEmpty()) {
      requests.add(batch("default", outside));
      outside.clear();
    }
  }

  Recording recording() {
    return Recording.of(List.copyOf(requests), List.copyOf(traceIds));
  }

  private Request batch(String name, List<JsonNode> calls) {
    ObjectNode body = F.objectNode().put("trace_name", name);
    body.putArray("trace_data").addAll(new ArrayList<>(calls));
    body.put("environment", environment);
    return new Request("POST", "/v1", body);
  }

  // ------------------------------------------------------------------ span_data as the client builds it

  /** An OpenAI chat call; {@code usage} null for a stream without {@code include_usage}. */
  ObjectNode openai(String model, ArrayNode messages, ObjectNode parameters, String response,
      long[] usage, String finish, ArrayNode toolCalls, String error) {
    ObjectNode d = common("openai", model, prompt(messages), response, error);
    ObjectNode meta = d.putObject("metadata");
    meta.putObject("request").<ObjectNode>set("parameters", parameters).set("messages", messages);
    if (error == null) {
      ObjectNode resp = meta.putObject("response");
      if (usage != null) {
        resp.putObject("usage").put("prompt_tokens", usage[0]).put("completion_tokens", usage[1])
            .put("total_tokens", usage[0] + usage[1]).put("reasoning_tokens", usage.length > 3 ? usage[3] : 0)
            .put("accepted_prediction_tokens", 0).put("rejected_prediction_tokens", 0)
            .put("cached_tokens", usage.length > 2 ? usage[2] : 0).put("audio_tokens", 0);
      }
      resp.put("finish_reason", finish).put("system_fingerprint", "fp_fake123").put("choices_count", 1);
      if (toolCalls != null) {
        resp.set("tool_calls", toolCalls);
      }
    }
    times(d);
    d.put("tokens_used", usage == null ? 0 : usage[0] + usage[1]);
    d.set("error", error == null ? F.nullNode() : F.textNode(error));
    d.put("finish_reason", finish);
    d.put("response_id", error == null ? "chatcmpl-" + UUID.randomUUID().toString().replace("-", "").substring(0, 24) : null);
    d.put("system_fingerprint", error == null ? "fp_fake123" : null);
    d.set("tool_calls", toolCalls == null ? F.nullNode() : toolCalls);
    d.put("environment", environment);
    return d;
  }

  /** An Anthropic messages call: usage in metadata itself, {@code stop_reason}. */
  ObjectNode anthropic(String model, ArrayNode messages, ObjectNode parameters, String response,
      long in, long out, String stopReason) {
    ObjectNode d = common("anthropic", model, prompt(messages), response, null);
    ObjectNode meta = d.putObject("metadata");
    meta.putObject("request").<ObjectNode>set("parameters", parameters).set("messages", messages);
    meta.put("input_tokens", in).put("output_tokens", out);
    times(d);
    d.put("tokens_used", in + out);
    d.putNull("error");
    d.put("stop_reason", stopReason);
    d.put("response_id", "msg_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20));
    d.putNull("tool_calls");
    d.put("environment", environment);
    return d;
  }

  /** A tool run, automatic or through {@code @nora.tool}. */
  ObjectNode tool(String name, String callId, ObjectNode arguments, String result, String error) {
    ObjectNode d = common("tool_execution", name, "Tool: " + name + "\nArguments: " + arguments, result, error);
    d.putObject("metadata").put("tool_name", name).put("tool_call_id", callId)
        .<ObjectNode>set("arguments", arguments).put("result", result).put("is_tool_execution", true);
    times(d);
    d.put("tokens_used", 0);
    d.set("error", error == null ? F.nullNode() : F.textNode(error));
    d.putNull("finish_reason");
    d.putNull("response_id");
    d.putNull("system_fingerprint");
    d.putNull("tool_calls");
    d.put("environment", environment);
    return d;
  }

  static ArrayNode messages(String... roleAndText) {
    ArrayNode out = F.arrayNode();
    for (int i = 0; i < roleAndText.length; i += 2) {
      out.addObject().put("role", roleAndText[i]).put("content", roleAndText[i + 1]);
    }
    return out;
  }

  static ObjectNode params(boolean stream) {
    return F.objectNode().put("n", 1).put("stream", stream);
  }

  private ObjectNode common(String provider, String model, String prompt, String response, String error) {
    ObjectNode d = F.objectNode();
    d.put("id", UUID.randomUUID().toString());
    d.put("timestamp", java.time.Instant.ofEpochMilli((long) (clock * 1000)).toString().replace("Z", ""));
    d.put("provider", provider);
    d.put("model", model);
    d.put("prompt", prompt);
    d.put("response", error == null ? response : null);
    return d;
  }

  private void times(ObjectNode d) {
    double start = clock;
    clock += 0.25;
    d.put("start_time", start).put("end_time", clock).put("duration", clock - start);
    clock += 0.01;
  }

  private static String prompt(ArrayNode messages) {
    StringBuilder sb = new StringBuilder();
    for (JsonNode m : messages) {
      sb.append(sb.length() == 0 ? "" : "\n").append(m.path("role").asText()).append(": ")
          .append(m.path("content").isTextual() ? m.get("content").asText() : "None");
    }
    return sb.toString();
  }
}

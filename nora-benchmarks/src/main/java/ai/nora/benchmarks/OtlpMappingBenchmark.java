package ai.nora.benchmarks;

import ai.nora.cost.PriceTable;
import ai.nora.server.storage.Store;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What reading OTLP costs nora-server, without the database: one OTLP/JSON request of ten spans
 * (a workflow and nine chat calls with their messages) in the GenAI conventions, in
 * OpenInference's, or in Langfuse's, parsed and mapped onto Nora's span items and handed to a
 * store that keeps nothing; the baseline, in the same run, is parsing the same body with
 * Jackson, which every JSON request pays. The service is found by name, so the same benchmark
 * runs against an older build of the server put first on the class path (before the conventions
 * were tables, its OTLP service was {@code ai.nora.server.ingest.OtlpService}).
 *
 * <pre>
 * java -cp nora-benchmarks/target/nora-benchmarks.jar org.openjdk.jmh.Main OtlpMappingBenchmark
 * java -cp OLD_SERVER_CLASSES:nora-benchmarks/target/nora-benchmarks.jar org.openjdk.jmh.Main \
 *     OtlpMappingBenchmark -jvmArgsAppend -Dnora.bench.otlpService=ai.nora.server.ingest.OtlpService
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 6, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@State(Scope.Benchmark)
public class OtlpMappingBenchmark {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Param({"gen_ai", "openinference", "langfuse"})
  public String convention;

  private String body;
  private Object service;
  private Method ingestJson;

  @Setup
  public void setUp() throws Exception {
    body = request(convention);
    Store nothing = (Store) Proxy.newProxyInstance(Store.class.getClassLoader(), new Class<?>[] {Store.class},
        (proxy, method, args) -> {
          switch (method.getName()) {
            case "write":
              return null;
            case "isHealthy":
              return true;
            case "check":
              return Store.Check.OK;
            default:
              throw new UnsupportedOperationException(method.getName());
          }
        });
    Class<?> type = Class.forName(System.getProperty("nora.bench.otlpService", "ai.nora.server.ingest.otlp.OtlpService"));
    Constructor<?> make = null;
    for (Constructor<?> k : type.getConstructors()) { // takes a Store, or (now) the writer part of one
      if (k.getParameterCount() == 2 && k.getParameterTypes()[0].isAssignableFrom(Store.class)) {
        make = k;
      }
    }
    service = make.newInstance(nothing, PriceTable.bundled());
    ingestJson = type.getMethod("ingestJson", String.class, JsonNode.class);
  }

  @Benchmark
  public JsonNode baseline_parseOnly() throws Exception {
    return JSON.readTree(body);
  }

  @Benchmark
  public Object parseAndMap() throws Exception {
    return ingestJson.invoke(service, "p", JSON.readTree(body));
  }

  /** One request: a workflow span and nine chat calls, each with three messages and usage. */
  static String request(String convention) {
    long now = System.currentTimeMillis() * 1_000_000L;
    String trace = "4bf92f3577b34da6a3ce929d0e0e4736";
    StringBuilder spans = new StringBuilder();
    spans.append(span(trace, "a000000000000000", "", "workflow", now, workflow(convention)));
    for (int i = 1; i < 10; i++) {
      spans.append(',').append(span(trace, String.format("a%015d", i), "a000000000000000", "chat gpt-4o-mini",
          now + i * 1_000_000L, call(convention, i)));
    }
    return "{\"resourceSpans\":[{\"resource\":{\"attributes\":[" + attr("service.name", "bench")
        + "]},\"scopeSpans\":[{\"scope\":{\"name\":\"bench\"},\"spans\":[" + spans + "]}]}]}";
  }

  private static String workflow(String convention) {
    switch (convention) {
      case "openinference":
        return attr("openinference.span.kind", "CHAIN") + "," + attr("input.value", "Plan a trip");
      case "langfuse":
        return attr("langfuse.observation.type", "chain") + "," + attr("langfuse.observation.input", "\"Plan a trip\"");
      default:
        return attr("gen_ai.operation.name", "invoke_agent") + "," + attr("gen_ai.agent.name", "planner");
    }
  }

  private static String call(String convention, int i) {
    String question = "Question number " + i + ": what should I see in Paris in two days?";
    String answer = "Answer " + i + ": the Louvre, the Eiffel Tower, a walk along the Seine.";
    switch (convention) {
      case "openinference":
        return String.join(",", attr("openinference.span.kind", "LLM"), attr("llm.provider", "openai"),
            attr("llm.model_name", "gpt-4o-mini"), attr("llm.invocation_parameters", "{\"temperature\":0.2}"),
            attr("llm.input_messages.0.message.role", "system"),
            attr("llm.input_messages.0.message.content", "You are a travel agent."),
            attr("llm.input_messages.1.message.role", "user"), attr("llm.input_messages.1.message.content", question),
            attr("llm.output_messages.0.message.role", "assistant"),
            attr("llm.output_messages.0.message.content", answer),
            num("llm.token_count.prompt", 40), num("llm.token_count.completion", 20), num("llm.token_count.total", 60));
      case "langfuse":
        return String.join(",", attr("langfuse.observation.type", "generation"),
            attr("langfuse.observation.model.name", "gpt-4o-mini"),
            attr("langfuse.observation.model.parameters", "{\"temperature\":0.2}"),
            attr("langfuse.observation.input", "[{\"role\":\"system\",\"content\":\"You are a travel agent.\"},"
                + "{\"role\":\"user\",\"content\":\"" + question + "\"}]"),
            attr("langfuse.observation.output", "{\"role\":\"assistant\",\"content\":\"" + answer + "\"}"),
            attr("langfuse.observation.usage_details", "{\"input\":40,\"output\":20,\"total\":60}"));
      default:
        return String.join(",", attr("gen_ai.operation.name", "chat"), attr("gen_ai.provider.name", "openai"),
            attr("gen_ai.request.model", "gpt-4o-mini"), attr("gen_ai.response.model", "gpt-4o-mini-2024-07-18"),
            attr("gen_ai.input.messages", "[{\"role\":\"system\",\"parts\":[{\"type\":\"text\",\"content\":"
                + "\"You are a travel agent.\"}]},{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\""
                + question + "\"}]}]"),
            attr("gen_ai.output.messages", "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\""
                + answer + "\"}],\"finish_reason\":\"stop\"}]"),
            num("gen_ai.usage.input_tokens", 40), num("gen_ai.usage.output_tokens", 20),
            attr("gen_ai.response.id", "chatcmpl-" + i));
    }
  }

  private static String span(String trace, String id, String parent, String name, long start, String attributes) {
    return "{\"traceId\":\"" + trace + "\",\"spanId\":\"" + id + "\",\"parentSpanId\":\"" + parent + "\",\"name\":\""
        + name + "\",\"kind\":3,\"startTimeUnixNano\":\"" + start + "\",\"endTimeUnixNano\":\"" + (start + 900_000L)
        + "\",\"attributes\":[" + attributes + "]}";
  }

  private static String attr(String key, String value) {
    try {
      return "{\"key\":\"" + key + "\",\"value\":{\"stringValue\":" + JSON.writeValueAsString(value) + "}}";
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String num(String key, long value) {
    return "{\"key\":\"" + key + "\",\"value\":{\"intValue\":\"" + value + "\"}}";
  }
}

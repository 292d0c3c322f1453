package ai.nora.gemini;

import static org.assertj.core.api.Assertions.assertThat;

import ai.nora.Nora;
import ai.nora.NoraConfig;
import ai.nora.openai.FakeProvider;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.genai.Client;
import com.google.genai.types.GenerateContentConfig;
import com.google.genai.types.HttpOptions;
import com.google.genai.types.Tool;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Gemini through Nora.init alone, in a JVM of its own: a plain call, the automatic
 * function-calling loop (one span per round trip, the Java tool between them), an async call.
 */
public class GeminiAutoPatchTest {

  /** The application's tool, called by google-genai's automatic function calling. */
  public static String getWeather(String city) {
    return "Sunny in " + city;
  }

  /** The application. */
  public static final class App {
    public static void main(String[] args) throws Exception {
      Client client = Client.builder().apiKey("g-test")
          .httpOptions(HttpOptions.builder().baseUrl(args[0]).build()).build(); // before init
      Nora.init(NoraConfig.builder().apiKey("k").exporters(List.of("jsonl"))
          .exportFile(Path.of(args[1])).build());

      System.out.println("PLAIN=" + client.models.generateContent("gemini-2.0-flash",
          "What is the capital of France?", null).text());
      GenerateContentConfig withTool = GenerateContentConfig.builder()
          .tools(Tool.builder().functions(GeminiAutoPatchTest.class.getMethod("getWeather", String.class)).build())
          .build();
      String answer = Nora.traceGroup("weather_agent", Map.of(), () ->
          client.models.generateContent("gemini-2.0-flash", "Weather in Paris?", withTool).text());
      System.out.println("AFC=" + answer);
      System.out.println("ASYNC=" + client.async.models.generateContent("gemini-2.0-flash",
          "What is the capital of France?", null).join().text());
      Nora.flush();
      // google-genai's HTTP client keeps non-daemon threads alive for a minute after use.
      System.exit(0);
    }
  }

  @Test
  void generateContent_andItsFunctionCallingLoop_areTraced(@TempDir Path dir) throws Exception {
    try (FakeProvider provider = new FakeProvider()) {
      provider.answer("gemini/generate-plain.json")
          .answer("gemini/generate-function-call.json").answer("gemini/generate-plain.json")
          .answer("gemini/generate-plain.json");
      Path out = dir.resolve("traces.jsonl");
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
          App.class.getName(), provider.baseUrl() + "/", out.toString()).redirectErrorStream(true).start();
      assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
      String printed = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.exitValue()).as(printed).isZero();
      assertThat(printed).contains("PLAIN=The capital of France is Paris.",
          "AFC=The capital of France is Paris.", "ASYNC=The capital of France is Paris.");

      List<JsonNode> spans = new ArrayList<>();
      for (String line : Files.readAllLines(out)) {
        JsonNode n = new ObjectMapper().readTree(line);
        if (n.get("kind").asText().equals("span")) {
          spans.add(n);
        }
      }
      List<JsonNode> gens = spans.stream().filter(s -> s.get("type").asText().equals("generation")).toList();
      assertThat(gens).hasSize(4); // plain, two round trips of the loop, async
      JsonNode plain = gens.get(0);
      assertThat(plain.get("provider").asText()).isEqualTo("gemini");
      assertThat(plain.get("request_model").asText()).isEqualTo("gemini-2.0-flash");
      assertThat(plain.get("model").asText()).isEqualTo("gemini-3.1-flash-lite-preview");
      assertThat(plain.at("/usage/input_tokens").asInt()).isEqualTo(8);
      assertThat(plain.at("/usage/output_tokens").asInt()).isEqualTo(7);
      assertThat(plain.get("finish_reason").asText()).isEqualTo("STOP");
      assertThat(plain.at("/input/0/content").asText()).isEqualTo("What is the capital of France?");

      JsonNode group = spans.stream().filter(s -> s.get("name").asText().equals("weather_agent")).findFirst().orElseThrow();
      JsonNode askTool = gens.get(1);
      assertThat(askTool.get("parent_id").asText()).isEqualTo(group.get("id").asText());
      assertThat(askTool.at("/tool_calls/0/name").asText()).isEqualTo("getWeather");
      JsonNode tool = spans.stream().filter(s -> s.get("type").asText().equals("tool")).findFirst().orElseThrow();
      assertThat(tool.get("tool_name").asText()).isEqualTo("getWeather");
      assertThat(tool.get("parent_id").asText()).isEqualTo(group.get("id").asText());
      assertThat(tool.get("arguments").asText()).contains("Paris");
      assertThat(tool.get("result").asText()).contains("Sunny in Paris");
      assertThat(gens.get(2).get("parent_id").asText()).isEqualTo(group.get("id").asText());
      assertThat(group.get("calls").asInt()).isEqualTo(2);
    }
  }
}

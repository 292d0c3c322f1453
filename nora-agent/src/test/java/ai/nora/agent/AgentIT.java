package ai.nora.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.ChatModel;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An application that never mentions Nora, run with {@code -javaagent:nora-agent.jar}. */
class AgentIT {
  static final String ANSWER = "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1,"
      + "\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
      + "\"content\":\"Paris.\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":14,"
      + "\"completion_tokens\":2,\"total_tokens\":16}}";

  /** The application: plain openai-java. */
  public static final class App {
    public static void main(String[] args) {
      OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(args[0] + "/v1").apiKey("sk-test")
          .maxRetries(0).build();
      String answer = client.chat().completions().create(ChatCompletionCreateParams.builder()
          .model(ChatModel.GPT_4O_MINI).addUserMessage("Capital of France?").build())
          .choices().get(0).message().content().orElse("");
      System.out.println("ANSWER=" + answer);
    }
  }

  @Test
  void theAgentAlone_tracesAnApplicationThatNeverMentionsNora(@TempDir Path dir) throws Exception {
    HttpServer provider = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    provider.createContext("/", ex -> {
      ex.getRequestBody().readAllBytes();
      byte[] body = ANSWER.getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().add("Content-Type", "application/json");
      ex.sendResponseHeaders(200, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    provider.start();
    try {
      Path out = dir.resolve("traces.jsonl");
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      ProcessBuilder pb = new ProcessBuilder(java, "-javaagent:" + System.getProperty("nora.agent.jar"),
          "-cp", System.getProperty("java.class.path"), App.class.getName(),
          "http://127.0.0.1:" + provider.getAddress().getPort()).redirectErrorStream(true);
      pb.environment().put("NORA_EXPORTER", "jsonl");
      pb.environment().put("NORA_EXPORT_FILE", out.toString());
      pb.environment().put("NORA_ENVIRONMENT", "agent-test");
      Process p = pb.start();
      assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
      String printed = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      Files.writeString(Path.of("target", "agent-jdk" + Runtime.version().feature() + ".log"), printed);
      assertThat(p.exitValue()).as(printed).isZero();
      assertThat(printed).contains("ANSWER=Paris.").doesNotContain("WARNING");

      List<JsonNode> items = new ArrayList<>();
      for (String line : Files.readAllLines(out)) {
        items.add(new ObjectMapper().readTree(line));
      }
      assertThat(items).anySatisfy(i -> {
        assertThat(i.get("kind").asText()).isEqualTo("span");
        assertThat(i.get("type").asText()).isEqualTo("generation");
        assertThat(i.get("model").asText()).isEqualTo("gpt-4o-mini-2024-07-18");
        assertThat(i.at("/usage/total_tokens").asInt()).isEqualTo(16);
      });
      assertThat(items).anySatisfy(i -> assertThat(i.path("environment").asText()).isEqualTo("agent-test"));
    } finally {
      provider.stop(0);
    }
  }
}

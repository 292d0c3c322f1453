package ai.nora.openai;

import static org.assertj.core.api.Assertions.assertThat;

import ai.nora.Nora;
import ai.nora.NoraConfig;
import ai.nora.internal.instrument.AutoPatch;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.services.blocking.chat.ChatCompletionService;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code Nora.init} alone traces clients built before it: a separate JVM builds a client, calls
 * it, keeps a service reference, only then calls init, and calls again.
 */
class AutoPatchTest {

  /** The application in its own JVM. */
  public static final class App {
    public static void main(String[] args) throws Exception {
      OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(args[0] + "/v1").apiKey("sk-test")
          .maxRetries(0).build();
      client.chat().completions().create(NoraOpenAITest.question()); // before init: untraced
      ChatCompletionService cached = client.chat().completions();    // a reference from before init

      Nora.init(NoraConfig.builder().apiKey("k").exporters(List.of("jsonl"))
          .exportFile(Path.of(args[1])).build());

      String answer = cached.create(NoraOpenAITest.question()).choices().get(0).message().content().orElse("");
      long chunks;
      try (StreamResponse<ChatCompletionChunk> s = client.chat().completions().createStreaming(NoraOpenAITest.question())) {
        chunks = s.stream().count();
      }
      if (args.length > 2) { // an Anthropic client built before init too
        com.anthropic.client.AnthropicClient claude = com.anthropic.client.okhttp.AnthropicOkHttpClient
            .builder().baseUrl(args[2]).apiKey("sk-ant").maxRetries(0).build();
        claude.messages().create(ai.nora.anthropic.NoraAnthropicTest.question());
      }
      Nora.flush();
      System.out.println("ANSWER=" + answer);
      System.out.println("CHUNKS=" + chunks);
      System.out.println("PATCHED=" + AutoPatch.patched());
    }
  }

  private static String runApp(List<String> jvmFlags, String providerUrl, Path out) throws Exception {
    return runApp(jvmFlags, providerUrl, out, List.of());
  }

  private static String runApp(List<String> jvmFlags, String providerUrl, Path out, List<String> more)
      throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>(List.of(java));
    cmd.addAll(jvmFlags);
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), App.class.getName(), providerUrl,
        out.toString()));
    cmd.addAll(more);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    String printed = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    // Kept for reading: what the application's JVM printed, per JDK and flags.
    Files.writeString(Path.of("target", "autopatch-jdk" + Runtime.version().feature()
        + (jvmFlags.isEmpty() ? "" : "-no-dynamic-agents") + ".log"), printed);
    assertThat(p.exitValue()).as(printed).isZero();
    return printed;
  }

  private static List<JsonNode> spans(Path file) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    if (!Files.exists(file)) {
      return out;
    }
    ObjectMapper mapper = new ObjectMapper();
    for (String line : Files.readAllLines(file)) {
      JsonNode n = mapper.readTree(line);
      if (n.get("kind").asText().equals("span")) {
        out.add(n);
      }
    }
    return out;
  }

  @Test
  void initAlone_tracesClientsBuiltBeforeIt(@TempDir Path dir) throws Exception {
    try (FakeProvider provider = new FakeProvider()) {
      provider.answer("openai/chat-plain.json").answer("openai/chat-plain.json")
          .answer("openai/chat-stream.sse");
      Path out = dir.resolve("traces.jsonl");

      String printed = runApp(List.of(), provider.baseUrl(), out);

      assertThat(printed).contains("ANSWER=The capital of France is Paris.", "PATCHED=[openai, anthropic, gemini, langchain4j]");
      List<JsonNode> spans = spans(out);
      assertThat(spans).hasSize(2); // the call made before init is not traced
      assertThat(spans).allSatisfy(s -> {
        assertThat(s.get("type").asText()).isEqualTo("generation");
        assertThat(s.get("model").asText()).isEqualTo("gpt-4o-mini-2024-07-18");
        assertThat(s.at("/usage/total_tokens").asInt()).isEqualTo(21);
      });
      assertThat(spans.get(1).get("stream").asBoolean()).isTrue();
      assertThat(spans.get(1).at("/output/0/content").asText()).isEqualTo("The capital of France is Paris.");
    }
  }

  @Test
  void initAlone_tracesAnthropicToo(@TempDir Path dir) throws Exception {
    try (FakeProvider openai = new FakeProvider(); FakeProvider anthropic = new FakeProvider()) {
      openai.answer("openai/chat-plain.json").answer("openai/chat-plain.json")
          .answer("openai/chat-stream.sse");
      anthropic.answer("anthropic/messages-plain.json");
      Path out = dir.resolve("traces.jsonl");

      String printed = runApp(List.of(), openai.baseUrl(), out, List.of(anthropic.baseUrl()));

      assertThat(printed).contains("PATCHED=[openai, anthropic, gemini, langchain4j]");
      assertThat(spans(out)).anySatisfy(s -> {
        assertThat(s.get("provider").asText()).isEqualTo("anthropic");
        assertThat(s.at("/usage/total_tokens").asInt()).isEqualTo(55);
      });
    }
  }

  @Test
  void aJvmThatForbidsAgents_runsUntracedAndSaysWhatToDo(@TempDir Path dir) throws Exception {
    try (FakeProvider provider = new FakeProvider()) {
      provider.answer("openai/chat-plain.json").answer("openai/chat-plain.json")
          .answer("openai/chat-stream.sse");
      Path out = dir.resolve("traces.jsonl");

      String printed = runApp(List.of("-XX:-EnableDynamicAgentLoading", "-Djdk.attach.allowAttachSelf=false"),
          provider.baseUrl(), out);

      assertThat(printed).contains("ANSWER=The capital of France is Paris.", "CHUNKS=", "PATCHED=[]");
      assertThat(printed).contains("[nora] could not instrument the openai, anthropic, gemini, langchain4j SDK", "-javaagent:nora-agent.jar",
          "NoraOpenAI.wrap(client)");
      assertThat(spans(out)).isEmpty();
    }
  }
}

package ai.nora.langchain4j.it;

import static org.assertj.core.api.Assertions.assertThat;

import ai.nora.Nora;
import ai.nora.it.FakeLlm;
import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.openaiofficial.OpenAiOfficialChatModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code langchain4j-open-ai-official} runs on openai-java, which Nora instruments too: each call
 * is one generation, recorded below with openai-java's own fields where auto-patch or the agent
 * is on, and by the LangChain4j listener in the explicit way (openai-java untouched then).
 */
class OpenAiOfficialTest {
  static FakeLlm llm;
  static NoraServerFixture nora;

  @BeforeAll
  static void start() throws Exception {
    llm = new FakeLlm();
    nora = new NoraServerFixture();
  }

  @AfterAll
  static void stop() {
    nora.close();
    llm.close();
  }

  @Test
  void aCallOnOpenAiJava_isOneGeneration() throws Exception {
    ChatModel model = OpenAiOfficialChatModel.builder().baseUrl(llm.url() + "/v1").apiKey("test")
        .modelName("gpt-4o-mini").listeners(NoraServerFixture.listeners()).build();
    String session = "official-" + NoraServerFixture.WAY;
    String answer = Nora.traceGroup("official", Map.of("session_id", session),
        () -> model.chat("Will it be sunny in Paris?"));
    assertThat(answer).isEqualTo(FakeLlm.ANSWER);

    JsonNode trace = nora.readBack(session, 2);
    List<JsonNode> gens = new ArrayList<>();
    trace.get("spans").forEach(s -> {
      if (s.get("type").asText().equals("generation")) {
        gens.add(s);
      }
    });
    assertThat(gens).as("one generation for one call").hasSize(1);
    JsonNode g = gens.get(0);
    assertThat(g.get("provider").asText()).isEqualTo("openai");
    assertThat(g.get("model").asText()).isEqualTo("gpt-4o-mini-2024-07-18");
    assertThat(g.get("response_id").asText()).isEqualTo("chatcmpl-2");
    assertThat(g.get("usage").get("cached_tokens").asLong()).isEqualTo(64);
    assertThat(g.get("output").get(0).get("content").asText()).isEqualTo(FakeLlm.ANSWER);
  }
}

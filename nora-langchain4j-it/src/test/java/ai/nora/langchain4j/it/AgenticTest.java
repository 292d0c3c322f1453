package ai.nora.langchain4j.it;

import static ai.nora.it.TraceSpans.ofType;
import static ai.nora.it.TraceSpans.only;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import ai.nora.Nora;
import ai.nora.it.FakeLlm;
import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.agentic.Agent;
import dev.langchain4j.agentic.AgenticServices;
import dev.langchain4j.agentic.UntypedAgent;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.service.UserMessage;
import dev.langchain4j.service.V;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** langchain4j-agentic: a workflow of two agents, each an agent span nested in the workflow's. */
class AgenticTest {
  static FakeLlm llm;
  static NoraServerFixture nora;

  /** The first agent. */
  public interface Writer {
    @UserMessage("Write a one-line story about {{topic}}")
    @Agent("Writes a story")
    String write(@V("topic") String topic);
  }

  /** The second. */
  public interface Editor {
    @UserMessage("Rewrite this story in a {{style}} style: {{story}}")
    @Agent("Edits a story")
    String edit(@V("story") String story, @V("style") String style);
  }

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
  void aSequenceOfAgents_isAWorkflowSpanHoldingAnAgentSpanEach() throws Exception {
    assumeFalse(NoraServerFixture.EXPLICIT, "agents are traced by auto-patch or the agent");
    ChatModel model = Provider.OPENAI.chatModel(llm.url(), NoraServerFixture.listeners());
    Writer writer = AgenticServices.agentBuilder(Writer.class).chatModel(model).outputKey("story").build();
    Editor editor = AgenticServices.agentBuilder(Editor.class).chatModel(model).outputKey("story").build();
    UntypedAgent novel = AgenticServices.sequenceBuilder().subAgents(writer, editor).outputKey("story").build();
    String session = "agentic-" + NoraServerFixture.WAY;
    Object story = Nora.traceGroup("novel", Map.of("session_id", session),
        () -> novel.invoke(Map.of("topic", "dragons", "style", "comic")));
    assertThat(story).isEqualTo(FakeLlm.ANSWER);

    JsonNode trace = nora.readBack(session, 6);
    List<JsonNode> spans = new ArrayList<>();
    trace.get("spans").forEach(spans::add);
    JsonNode group = only(spans, "group");
    List<JsonNode> agents = ofType(spans, "agent");
    assertThat(agents).hasSize(3);
    JsonNode workflow = agents.stream().filter(a -> a.get("parent_id").asText().equals(group.get("id").asText()))
        .findFirst().orElseThrow();
    List<JsonNode> steps = agents.stream().filter(a -> a.get("parent_id").asText().equals(workflow.get("id").asText()))
        .toList();
    assertThat(steps).extracting(a -> a.get("name").asText()).containsExactly("write", "edit");
    assertThat(steps.get(0).get("input").get("topic").asText()).isEqualTo("dragons");
    assertThat(steps.get(1).get("input").get("style").asText()).isEqualTo("comic");
    for (JsonNode step : steps) {
      assertThat(step.get("output").asText()).isEqualTo(FakeLlm.ANSWER);
      assertThat(ofType(spans, "generation"))
          .filteredOn(g -> g.get("parent_id").asText().equals(step.get("id").asText())).hasSize(1);
    }
  }
}

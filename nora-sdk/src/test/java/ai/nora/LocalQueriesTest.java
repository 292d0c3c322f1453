package ai.nora;

import static org.assertj.core.api.Assertions.assertThat;

import ai.nora.trace.GenerationSpanData;
import ai.nora.trace.Span;
import ai.nora.trace.Status;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LocalQueriesTest {
  @AfterEach
  void tearDown() {
    Nora.shutdown();
  }

  @Test
  void traceGroups_listRecentGroupsWithTheirTotals() {
    TestNora.init();

    String groupId;
    try (TraceGroup g = Nora.traceGroup("multi_agent_workflow", Map.of("team", "a"))) {
      groupId = g.groupId();
      TestNora.llmCall("gpt-4o-mini", "q1", "a", 100, 20);
      TestNora.llmCall("gpt-4o", "q2", "a", 300, 80);
    }
    try (TraceGroup g = Nora.traceGroup("other")) {
      TestNora.llmCall("gpt-4o-mini", "q3", "a", 1, 1);
    }

    List<GroupSummary> groups = Nora.getTraceGroups();
    assertThat(groups).extracting(GroupSummary::name).containsExactly("other", "multi_agent_workflow");
    GroupSummary g = groups.get(1);
    assertThat(g.callCount()).isEqualTo(2);
    assertThat(g.totalTokens()).isEqualTo(500);
    assertThat(g.status()).isEqualTo(Status.SUCCESS);
    assertThat(g.metadata()).containsEntry("team", "a");

    List<Span> calls = Nora.findTracesByGroup("multi_agent_workflow");
    assertThat(calls).extracting(s -> ((GenerationSpanData) s.data()).model())
        .containsExactly("gpt-4o-mini", "gpt-4o");
    assertThat(Nora.findTracesByGroupId(groupId)).hasSize(2);
    assertThat(Nora.findTracesByGroup("nope")).isEmpty();
  }

  @Test
  void theBufferIsBounded() {
    TestNora.init(b -> b.localBufferSize(5));

    for (int i = 0; i < 50; i++) {
      final int n = i;
      Nora.traceGroup("g" + n, () -> TestNora.llmCall("gpt-4o-mini", "q", "a", 1, 1));
    }

    assertThat(Nora.getTraceGroups()).hasSize(5).first().extracting(GroupSummary::name).isEqualTo("g49");
  }
}

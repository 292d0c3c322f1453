package ai.nora.server.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import ai.nora.server.storage.TraceQuery;
import ai.nora.server.storage.TraceRecord;
import ai.nora.server.storage.TraceRow;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SQLite's search reads the traces two ways: by the matches' rowids when the text index finds
 * few ({@link TraceQueries#FEW_MATCHES} or fewer), else by walking the project in time order.
 * Both give the same pages and totals, with every other filter and only the project's traces.
 */
class TextSearchTest {
  private static final long T0 = 1_764_000_000_000_000L;

  @TempDir
  Path dir;
  private Database db;
  private JdbcStore store;

  @BeforeEach
  void open() {
    db = Database.open("jdbc:sqlite:" + dir.resolve("nora.db"), null, null, "normal");
    store = new JdbcStore(db);
  }

  @AfterEach
  void close() {
    db.close();
  }

  @Test
  void fewMatches_andMany_readTheSameWay() {
    int many = TraceQueries.FEW_MATCHES + 5;
    List<TraceRecord> traces = new ArrayList<>();
    for (int i = 0; i < many; i++) {
      traces.add(trace("c" + i, T0 + i, "prod", "a common phrase " + i));
    }
    traces.add(trace("r1", T0 + 10, "prod", "the rare needle"));
    traces.add(trace("r2", T0 + 20, "dev", "another rare needle"));
    traces.add(trace("r3", T0 + 30, "prod", "RARE NEEDLE, shouted"));
    store.write("p", traces, List.of());
    store.write("other", List.of(trace("x1", T0 + 40, "prod", "a rare needle elsewhere")), List.of());

    assertThat(ids(TraceQuery.builder(10).text("rare needle").build())).containsExactly("r3", "r2", "r1");
    assertThat(ids(TraceQuery.builder(10).text("rare needle").environment("prod").build()))
        .containsExactly("r3", "r1");
    assertThat(ids(TraceQuery.builder(2).text("rare needle").build())).containsExactly("r3", "r2", "r1");
    assertThat(store.totals("p", TraceQuery.builder(10).text("rare needle").build()).traces()).isEqualTo(3);
    assertThat(ids(TraceQuery.builder(10).text("no such words").build())).isEmpty();
    assertThat(store.totals("p", TraceQuery.builder(10).text("no such words").build()).traces()).isZero();

    List<String> newest = new ArrayList<>();
    for (int i = many - 1; i >= many - 5; i--) {
      newest.add("c" + i);
    }
    assertThat(ids(TraceQuery.builder(4).text("common phrase").build())).containsExactlyElementsOf(newest);
    assertThat(store.totals("p", TraceQuery.builder(10).text("common phrase").build()).traces()).isEqualTo(many);
    assertThat(store.totals("p", TraceQuery.builder(10).text("common phrase").environment("dev").build()).traces())
        .isZero();
  }

  private List<String> ids(TraceQuery q) {
    return store.traces("p", q).stream().map(TraceRow::id).toList();
  }

  private static TraceRecord trace(String id, long start, String environment, String input) {
    return TraceRecord.builder(id, "workflow", "success", start).end(start + 1).context(environment, null, null)
        .input("\"" + input + "\"").build();
  }
}

package ai.nora.server.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import ai.nora.server.storage.Store;
import ai.nora.server.storage.TestPostgres;
import ai.nora.server.storage.TraceQuery;
import ai.nora.server.storage.TraceReader;
import ai.nora.server.storage.TraceRecord;
import ai.nora.server.storage.TraceRow;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A search and a metadata filter read the traces two ways: by key when their index finds few
 * ({@link TraceQueries#FEW_TEXT_MATCHES}, {@link TraceQueries#FEW_METADATA_MATCHES} or fewer),
 * else by walking the project in the page's order. Both give the same pages and totals, with
 * every other filter, together, and only the project's traces; on SQLite and on PostgreSQL.
 */
class FewMatchesTest {
  private static final long T0 = 1_764_000_000_000_000L;
  private static final int MANY = Math.max(TraceQueries.FEW_TEXT_MATCHES, TraceQueries.FEW_METADATA_MATCHES) + 5;

  @TempDir
  Path dir;
  private Database db;
  private JdbcStore store;
  private final String project = "p-" + UUID.randomUUID();

  @AfterEach
  void close() {
    if (db != null) {
      db.close();
    }
  }

  private void open(String database) {
    db = database.equals("sqlite") ? Database.open("jdbc:sqlite:" + dir.resolve("nora.db"), null, null, "normal")
        : TestPostgres.open();
    store = new JdbcStore(db);
    List<TraceRecord> traces = new ArrayList<>();
    for (int i = 0; i < MANY; i++) {
      traces.add(trace("c" + i, T0 + i, "prod", "a common phrase " + i, "{\"tier\":\"free\",\"n\":" + i + "}"));
    }
    traces.add(trace("r1", T0 + 10, "prod", "the rare needle", "{\"tier\":\"gold\",\"vip\":true}"));
    traces.add(trace("r2", T0 + 20, "dev", "another rare needle", "{\"tier\":\"gold\"}"));
    traces.add(trace("r3", T0 + 30, "prod", "RARE NEEDLE, shouted", "{\"tier\":\"free\",\"vip\":true}"));
    store.write(project, traces, List.of());
    store.write(project + "-other", List.of(trace("x1", T0 + 40, "prod", "a rare needle elsewhere",
        "{\"tier\":\"gold\",\"vip\":true}")), List.of());
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void fewTextMatches_andMany_readTheSameWay(String database) {
    open(database);
    assertThat(ids(TraceQuery.builder(10).text("rare needle").build())).containsExactly("r3", "r2", "r1");
    assertThat(ids(TraceQuery.builder(10).text("rare needle").environment("prod").build()))
        .containsExactly("r3", "r1");
    assertThat(ids(TraceQuery.builder(2).text("rare needle").build())).containsExactly("r3", "r2", "r1");
    assertThat(count(TraceQuery.builder(10).text("rare needle").build())).isEqualTo(3);
    assertThat(ids(TraceQuery.builder(10).text("no such words").build())).isEmpty();
    assertThat(count(TraceQuery.builder(10).text("no such words").build())).isZero();

    assertThat(ids(TraceQuery.builder(4).text("common phrase").build())).containsExactlyElementsOf(newest(5));
    assertThat(count(TraceQuery.builder(10).text("common phrase").build())).isEqualTo(MANY);
    assertThat(count(TraceQuery.builder(10).text("common phrase").environment("dev").build())).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void fewMetadataMatches_andMany_readTheSameWay(String database) {
    open(database);
    assertThat(ids(TraceQuery.builder(10).metadata("tier", "gold").build())).containsExactly("r2", "r1");
    assertThat(ids(TraceQuery.builder(1).metadata("vip", "true").build())).containsExactly("r3", "r1");
    assertThat(ids(TraceQuery.builder(10).metadata("vip", "true").environment("dev").build())).isEmpty();
    assertThat(ids(TraceQuery.builder(10).metadata("n", "17").build())).containsExactly("c17");
    assertThat(count(TraceQuery.builder(10).metadata("tier", "gold").build())).isEqualTo(2);
    assertThat(count(TraceQuery.builder(10).metadata("tier", "platinum").build())).isZero();

    // Many: the walk in the page's order (the newest first, then by id), and every page after it.
    assertThat(ids(TraceQuery.builder(4).metadata("tier", "free").build())).containsExactlyElementsOf(newest(5));
    assertThat(count(TraceQuery.builder(10).metadata("tier", "free").build())).isEqualTo(MANY + 1);
    assertThat(ids(TraceQuery.builder(10).metadata("tier", "free").sort(new TraceQuery.Sort("time", true))
        .build())).startsWith("c0", "c1", "c2");
    // Totals by scan (another filter) and by rollups agree.
    assertThat(count(TraceQuery.builder(10).metadata("tier", "free").atLeast(new TraceQuery.AtLeast(null, null,
        null, 0L)).build())).isEqualTo(MANY + 1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void textAndMetadata_together_whicheverIsFew(String database) {
    open(database);
    // Both few: their intersection.
    assertThat(ids(TraceQuery.builder(10).text("rare needle").metadata("tier", "gold").build()))
        .containsExactly("r2", "r1");
    // Few text, many metadata; many text, few metadata; both many.
    assertThat(ids(TraceQuery.builder(10).text("rare needle").metadata("tier", "free").build()))
        .containsExactly("r3");
    assertThat(ids(TraceQuery.builder(10).text("common phrase").metadata("n", "42").build()))
        .containsExactly("c42");
    assertThat(count(TraceQuery.builder(10).text("common phrase 1").metadata("tier", "free").build()))
        .isEqualTo(IntStream.range(0, MANY).filter(i -> String.valueOf(i).startsWith("1")).count());
    assertThat(count(TraceQuery.builder(10).text("shouted").metadata("vip", "true").build())).isEqualTo(1);
  }

  /** A page and its totals read together are those read apart. */
  private List<String> ids(TraceQuery q) {
    TraceReader.Found found = store.find(project, q, true);
    assertThat(found.page()).isEqualTo(store.traces(project, q));
    assertThat(found.totals()).isEqualTo(store.totals(project, q));
    return found.page().stream().map(TraceRow::id).toList();
  }

  private long count(TraceQuery q) {
    Store.Totals totals = store.totals(project, q);
    assertThat(store.find(project, q, true).totals()).isEqualTo(totals);
    return totals.traces();
  }

  private static List<String> newest(int n) {
    List<String> out = new ArrayList<>();
    for (int i = MANY - 1; i >= MANY - n; i--) {
      out.add("c" + i);
    }
    return out;
  }

  private static TraceRecord trace(String id, long start, String environment, String input, String metadata) {
    return TraceRecord.builder(id, "workflow", "success", start).end(start + 1).context(environment, null, null)
        .input("\"" + input + "\"").metadata(metadata).build();
  }
}

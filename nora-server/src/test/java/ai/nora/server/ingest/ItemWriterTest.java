package ai.nora.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.nora.server.storage.SpanRecord;
import ai.nora.server.storage.StorageException;
import ai.nora.server.storage.Store;
import ai.nora.server.storage.TraceRecord;
import ai.nora.server.storage.jdbc.Database;
import ai.nora.server.storage.jdbc.JdbcStore;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A write the database refuses because of one item stores the others. The refusal is injected
 * (a real SQLite store that fails any write holding a span named "refused"): with every input
 * checked first, no real item is known to make a database refuse a write.
 */
class ItemWriterTest {
  static final long T0 = 1_765_858_530_000_000L;

  @Test
  void oneItemTheDatabaseRefuses_isThatItemsError_andTheOthersAreStored() throws Exception {
    try (Database db = Database.open("jdbc:sqlite:" + Files.createTempDirectory("nora-w").resolve("n.db"),
        null, null, "normal")) {
      Store store = refusing(new JdbcStore(db), true);
      String t = "4bf92f3577b34da6a3ce929d0e0e4736";
      List<ItemWriter.Refused> refused = ItemWriter.write(store, "p", List.of(),
          List.of(span(t, "00f067aa0ba90201", "ok"), span(t, "00f067aa0ba90202", "refused"),
              span(t, "00f067aa0ba90203", "ok")));

      assertThat(refused).containsExactly(new ItemWriter.Refused(false, 1));
      assertThat(store.spans("p", t)).hasSize(2);
      assertThat(store.trace("p", t).orElseThrow().calls()).isEqualTo(2);
    }
  }

  @Test
  void aDatabaseThatIsDown_failsTheWholeWrite() throws Exception {
    try (Database db = Database.open("jdbc:sqlite:" + Files.createTempDirectory("nora-w").resolve("n.db"),
        null, null, "normal")) {
      Store store = refusing(new JdbcStore(db), false);
      assertThatThrownBy(() -> ItemWriter.write(store, "p", List.of(),
          List.of(span("4bf92f3577b34da6a3ce929d0e0e4737", "00f067aa0ba90201", "refused"))))
          .isInstanceOf(StorageException.class);
    }
  }

  private static SpanRecord span(String trace, String id, String name) {
    return SpanRecord.builder(trace, id).type("generation").name(name).status("success").time(T0, T0 + 1)
        .model("openai", "gpt-4o-mini").tokens(1L, 1L, 2L).cachedAndReasoning(0L, 0L).body("{}").build();
  }

  private static Store refusing(Store real, boolean healthy) {
    return (Store) Proxy.newProxyInstance(Store.class.getClassLoader(), new Class<?>[] {Store.class},
        (proxy, method, args) -> {
          if (method.getName().equals("isHealthy")) {
            return healthy;
          }
          if (method.getName().equals("write")) {
            @SuppressWarnings("unchecked")
            List<SpanRecord> spans = (List<SpanRecord>) args[2];
            if (spans.stream().anyMatch(s -> s.name().equals("refused"))) {
              throw new StorageException("injected refusal", null);
            }
          }
          try {
            return method.invoke(real, args);
          } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }
}

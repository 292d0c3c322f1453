package ai.nora.server.storage;

import static org.assertj.core.api.Assertions.assertThat;

import ai.nora.server.TestServer;
import ai.nora.server.storage.jdbc.Database;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Two server instances on one PostgreSQL, as behind a load balancer: one writes, both read. */
class SharedPostgresTest {
  @Test
  void twoServersOnOneDatabase_seeTheSameTraces() {
    Database probe = TestPostgres.open(); // skips (or fails under CI) without PostgreSQL
    probe.close();
    Map<String, String> env = Map.of("NORA_DB_URL", TestPostgres.url(),
        "NORA_DB_USER", TestPostgres.user(), "NORA_DB_PASSWORD", TestPostgres.password());
    try (TestServer a = TestServer.start(env); TestServer b = TestServer.start(env)) {
      String traceId = "cccccccccccccccccccccccccccccc0" + (System.nanoTime() % 10);
      var batch = TestServer.readJson(Path.of("..", "docs", "protocol", "golden", "single-call-batch.json"))
          .deepCopy();
      ((com.fasterxml.jackson.databind.node.ObjectNode) batch.get("traces").get(0)).put("id", traceId);
      ((com.fasterxml.jackson.databind.node.ObjectNode) batch.get("spans").get(0)).put("trace_id", traceId);

      assertThat(a.post("/v1/ingest", batch).status()).isEqualTo(200);

      var read = b.get("/v1/traces/" + traceId);
      assertThat(read.status()).isEqualTo(200);
      assertThat(read.body().get("calls").asInt()).isEqualTo(1);
    }
  }
}

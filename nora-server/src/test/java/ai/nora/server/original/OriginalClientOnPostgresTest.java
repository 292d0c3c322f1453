package ai.nora.server.original;

import ai.nora.server.TestServer;
import ai.nora.server.storage.TestPostgres;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;

/** The original client's exchanges against a server on PostgreSQL. */
class OriginalClientOnPostgresTest extends OriginalClientTest {
  /** Shadows the SQLite server of the class it extends. */
  @BeforeAll
  static void start() {
    TestPostgres.open().close(); // skips (or fails under CI) without PostgreSQL
    server = TestServer.start(Map.of("NORA_DB_URL", TestPostgres.url(),
        "NORA_DB_USER", TestPostgres.user(), "NORA_DB_PASSWORD", TestPostgres.password()));
  }
}

package ai.nora.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import ai.nora.server.ApiKeys;
import ai.nora.server.storage.jdbc.Database;
import ai.nora.server.storage.jdbc.JdbcKeyStore;
import java.nio.file.Files;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Dashboard sessions end with their key: a revoked key's sign-ins stop within the key cache. */
class UiSessionsTest {
  @Test
  void aRevokedKeysSession_endsWithinTheKeyCache_theAdministratorsDoesNot() throws Exception {
    try (Database db = Database.open("jdbc:sqlite:" + Files.createTempDirectory("nora-ui").resolve("n.db"),
        null, null, "normal")) {
      JdbcKeyStore keyStore = new JdbcKeyStore(db);
      keyStore.ensureProject("p", "p");
      // The server caches a key's project for 30 s; here for 200 ms, the mechanism being the same.
      ApiKeys keys = new ApiKeys(keyStore, 200);
      String secret = ApiKeys.newSecret();
      keys.add("p", "dashboard", secret, 1L);
      UiSessions sessions = new UiSessions(keys);
      String token = sessions.open("p", ApiKeys.hash(secret));
      String admin = sessions.open(null, null);
      assertThat(sessions.find(token)).isPresent();

      assertThat(keyStore.revokeKey(secret.substring(0, 12), 2L)).isTrue();

      Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> sessions.find(token).isEmpty());
      assertThat(sessions.find(admin)).isPresent();
    }
  }
}

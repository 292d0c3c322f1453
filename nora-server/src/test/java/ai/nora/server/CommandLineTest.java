package ai.nora.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Settings, start-up errors, and key management from the command line. */
class CommandLineTest {

  @Test
  void flagsWinOverVariables_andMistakesAreAllNamed() {
    ServerConfig c = ServerConfig.from(List.of("--port", "9000", "--retention-days=7"),
        Map.of("NORA_PORT", "8001", "NORA_DB_URL", "jdbc:sqlite:/tmp/x.db"));
    assertThat(c.port()).isEqualTo(9000);
    assertThat(c.retentionDays()).isEqualTo(7);
    assertThat(c.dbUrl()).isEqualTo("jdbc:sqlite:/tmp/x.db");
    assertThat(ServerConfig.from(List.of(), Map.of()).port()).isEqualTo(8000);

    assertThatThrownBy(() -> ServerConfig.from(List.of("--port", "http", "--colour", "red"),
        Map.of("NORA_SQLITE_SYNC", "sometimes")))
        .hasMessageContaining("--port / NORA_PORT: expected a whole number from 0 to 65535, got 'http'")
        .hasMessageContaining("unknown flag --colour")
        .hasMessageContaining("NORA_SQLITE_SYNC: expected one of [normal, full]");
  }

  @Test
  void anUnusableDatabase_failsAtStartSayingWhatToDo() {
    assertThatThrownBy(() -> ServerApp.start(ServerConfig.from(List.of(),
        Map.of("NORA_DB_URL", "jdbc:mysql://localhost/nora", "NORA_PORT", "0"))))
        .hasMessageContaining("use jdbc:sqlite:<file> or jdbc:postgresql://");
    assertThatThrownBy(() -> ServerApp.start(ServerConfig.from(List.of(),
        Map.of("NORA_DB_URL", "jdbc:postgresql://127.0.0.1:1/nora", "NORA_PORT", "0"))))
        .hasMessageContaining("cannot connect to the database")
        .hasMessageContaining("NORA_DB_URL");
  }

  @Test
  void keys_canBeCreatedListedAndRevokedWithoutAServer() throws Exception {
    Path dir = Files.createTempDirectory("nora-keys");
    String db = "jdbc:sqlite:" + dir.resolve("nora.db");

    String created = run(db, "keys", "create", "--name", "ci", "--project", "team-a");
    String secret = created.lines().map(String::strip).filter(l -> l.startsWith("nora_"))
        .findFirst().orElseThrow();
    String listed = run(db, "keys", "list");
    assertThat(listed).contains("team-a", "ci", secret.substring(0, 12) + "…");
    assertThat(listed).doesNotContain(secret); // the secret itself is never shown again

    try (TestServer server = TestServer.start(Map.of("NORA_DB_URL", db))) {
      assertThat(server.get("/v1/traces", secret).status()).isEqualTo(200);
    }
    String keyId = listed.lines().filter(l -> l.contains("team-a")).findFirst().orElseThrow()
        .split("\\s+")[0];
    assertThat(run(db, "keys", "revoke", keyId)).contains("Revoked " + keyId);
    try (TestServer server = TestServer.start(Map.of("NORA_DB_URL", db))) {
      assertThat(server.get("/v1/traces", secret).status()).isEqualTo(401);
    }
  }

  @Test
  void firstStart_printsAKeyOnceAndStoresOnlyItsHash() throws Exception {
    Path dir = Files.createTempDirectory("nora-first");
    PrintStream old = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    String printed;
    try (ServerApp app = ServerApp.start(ServerConfig.from(List.of(), Map.of(
        "NORA_DB_URL", "jdbc:sqlite:" + dir.resolve("nora.db"), "NORA_PORT", "0",
        "NORA_HOST", "127.0.0.1")))) {
      printed = out.toString(StandardCharsets.UTF_8);
    } finally {
      System.setOut(old);
    }
    String key = printed.lines().filter(l -> l.contains("NORA_API_KEY=")).findFirst().orElseThrow()
        .replaceAll(".*NORA_API_KEY=", "").strip();
    byte[] dbBytes = Files.readAllBytes(dir.resolve("nora.db"));
    String dbText = new String(dbBytes, StandardCharsets.ISO_8859_1);
    assertThat(key).startsWith("nora_").hasSize(48);
    assertThat(dbText).doesNotContain(key).contains(ApiKeys.hash(key));
  }

  /** Runs the server's main in its own JVM, as a user would, and returns what it printed. */
  private static String run(String dbUrl, String... args) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
        "ai.nora.server.NoraServer"));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("NORA_DB_URL", dbUrl);
    Process p = pb.start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }
}

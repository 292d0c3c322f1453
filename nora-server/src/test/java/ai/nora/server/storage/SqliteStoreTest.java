package ai.nora.server.storage;

import ai.nora.server.storage.jdbc.Database;
import ai.nora.server.storage.jdbc.JdbcKeyStore;
import ai.nora.server.storage.jdbc.JdbcStore;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The storage contract on an SQLite file. */
class SqliteStoreTest extends StoreContract {
  private static Database db;
  private static JdbcStore store;
  private static JdbcKeyStore keys;

  @BeforeAll
  static void open() throws Exception {
    Path dir = Files.createTempDirectory("nora-sqlite");
    db = Database.open("jdbc:sqlite:" + dir.resolve("nora.db"), null, null, "normal");
    store = new JdbcStore(db);
    keys = new JdbcKeyStore(db);
  }

  @AfterAll
  static void close() {
    db.close();
  }

  @Override
  protected Store store() {
    return store;
  }

  @Override
  protected KeyStore keyStore() {
    return keys;
  }
}

package ai.nora.server.storage;

import ai.nora.server.storage.jdbc.Database;
import ai.nora.server.storage.jdbc.JdbcKeyStore;
import ai.nora.server.storage.jdbc.JdbcStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The storage contract on a real PostgreSQL (see {@link TestPostgres}). */
class PostgresStoreTest extends StoreContract {
  private static Database db;
  private static JdbcStore store;
  private static JdbcKeyStore keys;

  @BeforeAll
  static void open() {
    db = TestPostgres.open();
    store = new JdbcStore(db);
    keys = new JdbcKeyStore(db);
  }

  @AfterAll
  static void close() {
    if (db != null) {
      db.close();
    }
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

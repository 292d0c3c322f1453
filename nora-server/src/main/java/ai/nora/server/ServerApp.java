package ai.nora.server;

import ai.nora.cost.PriceTable;
import ai.nora.server.http.Routes;
import ai.nora.server.http.Services;
import ai.nora.server.ingest.IngestService;
import ai.nora.server.ingest.original.OriginalProtocolService;
import ai.nora.server.ingest.otlp.OtlpService;
import ai.nora.server.query.QueryService;
import ai.nora.server.storage.KeyStore;
import ai.nora.server.storage.Store;
import ai.nora.server.storage.jdbc.Database;
import ai.nora.server.storage.jdbc.JdbcKeyStore;
import ai.nora.server.storage.jdbc.JdbcStore;
import ai.nora.server.ui.UiSessions;
import io.javalin.Javalin;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Nora server: the database, the HTTP server and the retention job. Every part is
 * made and wired here (storage, keys, prices, the services the routes serve); the HTTP layer
 * only maps routes onto them. Tests start one in-process; {@link NoraServer} starts one from the
 * command line.
 */
public final class ServerApp implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ServerApp.class);

  private final Database database;
  private final Store store;
  private final KeyStore keyStore;
  private final Javalin http;
  private final ScheduledExecutorService retention;

  private ServerApp(Database database, Store store, KeyStore keyStore, Javalin http,
      ScheduledExecutorService retention) {
    this.database = database;
    this.store = store;
    this.keyStore = keyStore;
    this.http = http;
    this.retention = retention;
  }

  /**
   * Opens the database (migrating it), makes sure a project and a key exist, and starts
   * listening.
   *
   * @throws IllegalStateException with what to do when the database or the port cannot be used
   */
  public static ServerApp start(ServerConfig config) {
    Database db = Database.open(config.dbUrl(), config.dbUser(), config.dbPassword(), config.sqliteSync());
    Store store = new JdbcStore(db);
    KeyStore keyStore = new JdbcKeyStore(db);
    ApiKeys keys = new ApiKeys(keyStore);
    Bootstrap.run(keyStore, keys, config.initApiKey());
    PriceTable prices = PriceTable.bundled();
    Services services = new Services(new IngestService(store, prices), new OtlpService(store, prices),
        new OriginalProtocolService(store, prices), new QueryService(store, store), keys, keyStore,
        new UiSessions(keys), store::check);
    Javalin app = Javalin.create(c -> {
      c.startup.showJavalinBanner = false;
      c.jetty.host = config.host();
      c.jetty.port = config.port();
      Routes.install(c, config, services);
      if (config.logRequests()) {
        c.requestLogger.http((ctx, ms) ->
            LOG.info("{} {} {} {}ms", ctx.method(), ctx.path(), ctx.statusCode(), Math.round(ms)));
      }
    });
    try {
      app.start();
    } catch (RuntimeException e) {
      db.close();
      throw new IllegalStateException("cannot listen on " + config.host() + ":" + config.port()
          + " (" + e.getMessage() + "); is another server there? Set NORA_PORT or --port.", e);
    }
    ScheduledExecutorService retention = null;
    if (config.retentionDays() > 0) {
      retention = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "nora-retention");
        t.setDaemon(true);
        return t;
      });
      long keepUs = config.retentionDays() * 86_400_000_000L;
      retention.scheduleWithFixedDelay(() -> Retention.run(store, keepUs), 1, 60, TimeUnit.MINUTES);
    }
    return new ServerApp(db, store, keyStore, app, retention);
  }

  /** The port listened on (useful when started on port 0). */
  public int port() {
    return http.port();
  }

  public Store store() {
    return store;
  }

  public KeyStore keyStore() {
    return keyStore;
  }

  /** Where the data is. */
  public String databaseDescription() {
    return database.describe();
  }

  @Override
  public void close() {
    if (retention != null) {
      retention.shutdownNow();
    }
    http.stop();
    database.close();
  }
}

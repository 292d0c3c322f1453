package ai.nora.examples;

import ai.nora.Nora;
import ai.nora.NoraConfig;
import ai.nora.server.ApiKeys;
import ai.nora.server.ServerApp;
import ai.nora.server.ServerConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Nora's main job in one command: starts nora-server on its embedded database, runs the examples
 * of the original README against the provider SDKs (the real services where their keys are set,
 * a local stand-in answering with replies written per example otherwise), and leaves the server running with
 * the dashboard's address and a key to sign in with.
 *
 * <pre>
 * java -jar nora-examples/target/nora-demo.jar                  # everything
 * java -jar nora-examples/target/nora-demo.jar --example rag    # one example (ids: --list)
 * java -jar nora-examples/target/nora-demo.jar --exit           # stop when done
 * java -jar nora-examples/target/nora-demo.jar --stand-in       # only the stand-in provider
 * </pre>
 *
 * Server settings are nora-server's ({@code NORA_PORT}, {@code NORA_DB_URL}, ... or {@code
 * --port}, {@code --db-url}).
 */
public final class Demo {
  /** google-genai logs each automatic function call, and each text() of a function call; the demo says enough. */
  private static final java.util.logging.Logger GENAI_LOG = java.util.logging.Logger.getLogger("com.google.genai");

  private Demo() {}

  /** {@code --stand-in}: only the stand-in provider, for the Spring sample and other apps to call. */
  private static void standInOnly() throws InterruptedException {
    StandInProvider standIn = new StandInProvider();
    System.out.println("Stand-in provider (OpenAI, Anthropic and Gemini, each in its API's shape): "
        + standIn.baseUrl());
    System.out.println("  Spring sample: java -jar nora-examples-spring/target/nora-examples-spring.jar"
        + " --spring.ai.openai.base-url=" + standIn.baseUrl() + " --nora.api-key=<key>");
    System.out.println("  Ctrl+C stops it.");
    Thread.currentThread().join();
  }

  public static void main(String[] args) throws Exception {
    quietLibraries();
    GENAI_LOG.setLevel(java.util.logging.Level.SEVERE);
    List<String> serverArgs = new ArrayList<>();
    String only = null;
    boolean exit = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--example":
          only = i + 1 < args.length ? args[++i] : null;
          break;
        case "--exit":
          exit = true;
          break;
        case "--list":
          Examples.all().forEach(e -> System.out.printf("%-24s %-10s %s%n", e.id(), e.section(), e.title()));
          return;
        case "--stand-in":
          standInOnly();
          return;
        default:
          serverArgs.add(args[i]);
      }
    }
    List<Example> examples = new ArrayList<>();
    for (Example e : Examples.all()) {
      if (only == null || e.id().equals(only) || e.id().startsWith(only + "-") || e.id().endsWith("-" + only)) {
        examples.add(e);
      }
    }
    if (examples.isEmpty()) {
      System.err.println("no example '" + only + "'; --list shows them");
      System.exit(2);
    }

    step(1, "Starting nora-server (embedded SQLite unless NORA_DB_URL says otherwise)");
    Map<String, String> env = new HashMap<>(System.getenv());
    ServerApp server;
    try {
      server = ServerApp.start(ServerConfig.from(serverArgs, env));
    } catch (IllegalArgumentException | IllegalStateException e) {
      System.err.println("[nora] " + e.getMessage());
      System.exit(1);
      return;
    }
    String base = "http://localhost:" + server.port();
    String key = ApiKeys.newSecret();
    new ApiKeys(server.keyStore()).add("default", "demo " + java.time.Instant.now(), key, System.currentTimeMillis() * 1000);
    System.out.println("      listening on " + base);

    step(2, "Connecting the provider SDKs");
    try (Providers providers = Providers.fromEnvironment(System.getenv())) {
      providers.standIn.forEach((name, standIn) -> System.out.println("      " + name + ": " + (standIn
          ? "local stand-in, replies written per example (set its API key to call the real service)"
          : "the real service")));
      Nora.init(NoraConfig.builder().apiKey(key).apiUrl(base + "/v1").environment("demo")
          .tracedFunctions(Examples.tracedFunctions()).build());

      step(3, "Running " + examples.size() + " example" + (examples.size() == 1 ? "" : "s")
          + " (the original README's, then the frameworks')");
      int failed = 0;
      for (int i = 0; i < examples.size(); i++) {
        Example e = examples.get(i);
        System.out.printf("      [%2d/%d] %-11s %s ... ", i + 1, examples.size(), e.section(), e.title());
        System.out.flush();
        try {
          Object result = e.body().run(providers);
          System.out.println("ok  -> trace \"" + e.trace() + "\"" + preview(result));
        } catch (Exception ex) {
          failed++;
          System.out.println("FAILED: " + ex);
        }
      }
      step(4, "Sending the traces");
      System.out.println(Nora.flush() ? "      all sent" : "      some traces were still being sent after 10 s");
      Nora.shutdown();

      System.out.println();
      System.out.println("  Dashboard:  " + base + "/");
      System.out.println("  Sign in with this API key (made for this demo run):");
      System.out.println("      " + key);
      System.out.println("  Send your own application's traces with NORA_API_KEY=<that key> NORA_API_URL=" + base + "/v1");
      if (failed > 0) {
        System.out.println("  " + failed + " example(s) failed; see above.");
      }
    }
    if (exit) {
      server.close();
      return;
    }
    System.out.println("  The server keeps running; Ctrl+C stops it.");
    Runtime.getRuntime().addShutdownHook(new Thread(server::close));
    Thread.currentThread().join();
  }

  /**
   * The demo's console shows its own progress: the server's libraries (Hikari, Flyway, Jetty,
   * Javalin) say only warnings and errors; nora-server's own log lines stay. Set before the first
   * logger exists; a {@code -Dorg.slf4j.simpleLogger...} given on the command line still wins.
   */
  private static void quietLibraries() {
    if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }
    if (System.getProperty("org.slf4j.simpleLogger.log.ai.nora") == null) {
      System.setProperty("org.slf4j.simpleLogger.log.ai.nora", "info");
    }
  }

  private static void step(int n, String what) {
    System.out.println("[" + n + "/4] " + what);
  }

  private static String preview(Object result) {
    if (result == null) {
      return "";
    }
    String s = String.valueOf(result).replaceAll("\\s+", " ").strip();
    return s.isEmpty() ? "" : ": " + (s.length() > 60 ? s.substring(0, 57) + "..." : s);
  }
}

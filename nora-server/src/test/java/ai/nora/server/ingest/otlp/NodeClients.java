package ai.nora.server.ingest.otlp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs the Node programs of {@code src/test/js} (real OpenTelemetry JavaScript libraries). Their
 * packages are installed from the lock file the first time ({@code npm ci}). Without Node, the
 * tests are skipped on a developer's machine and fail under CI, which installs it.
 */
final class NodeClients {
  static final Path DIR = Path.of("src", "test", "js");

  private NodeClients() {}

  /** Node and the packages, or the test skipped (failed under CI). */
  static synchronized void install() {
    if (!works("node", "--version")) {
      if (System.getenv("CI") != null) {
        throw new IllegalStateException("CI needs Node.js for the OpenTelemetry JavaScript tests");
      }
      Assumptions.abort("Node.js is not installed: the OpenTelemetry JavaScript tests are skipped");
    }
    if (Files.isDirectory(DIR.resolve("node_modules"))) {
      return;
    }
    String out = exec(List.of("npm", "ci", "--no-audit", "--no-fund"), 600);
    if (!Files.isDirectory(DIR.resolve("node_modules"))) {
      throw new IllegalStateException("npm ci failed in " + DIR + ":\n" + out);
    }
  }

  /** Runs {@code node script args...}; returns its standard output, or fails with its output. */
  static String run(String script, String... args) {
    List<String> command = new ArrayList<>(List.of("node", script));
    command.addAll(List.of(args));
    return exec(command, 120);
  }

  private static boolean works(String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static String exec(List<String> command, int timeoutSeconds) {
    try {
      Path out = Files.createTempFile("node-clients", ".out");
      Path err = Files.createTempFile("node-clients", ".err");
      Process p = new ProcessBuilder(command).directory(DIR.toFile())
          .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      boolean finished = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
      if (!finished) {
        p.destroyForcibly();
      }
      String stdout = Files.readString(out, StandardCharsets.UTF_8);
      String stderr = Files.readString(err, StandardCharsets.UTF_8);
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
      if (!finished) {
        throw new IllegalStateException(String.join(" ", command) + " did not finish in "
            + timeoutSeconds + " s:\n" + stdout + stderr);
      }
      if (p.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " exited with " + p.exitValue()
            + ":\n" + stdout + stderr);
      }
      return stdout;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}

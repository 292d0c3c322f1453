package ai.nora;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading Nora, and calling it before init, starts no thread and touches no file. */
class LoadSideEffectsTest {

  /** Runs in a fresh JVM: loads Nora, uses it uninitialised, then prints the threads. */
  public static final class Probe {
    public static void main(String[] args) throws Exception {
      java.util.Set<String> before = names();
      Class.forName("ai.nora.Nora", true, Probe.class.getClassLoader());
      Class.forName("ai.nora.trace.Tracer", true, Probe.class.getClassLoader());
      Class.forName("ai.nora.export.BatchTraceProcessor", true, Probe.class.getClassLoader());
      try (TraceGroup g = Nora.traceGroup("before-init")) {
        g.setOutput("x");
      }
      Nora.flush();
      // The core alone: provider instrumentation (which attaches an agent) is tested elsewhere.
      Nora.init(NoraConfig.builder().apiKey("k").apiUrl("http://127.0.0.1:9/v1").autoPatch(false).build());
      java.util.Set<String> after = names();
      after.removeAll(before);
      System.out.println("NEW_THREADS=" + after);
    }

    private static java.util.Set<String> names() {
      java.util.Set<String> out = new java.util.TreeSet<>();
      Thread.getAllStackTraces().keySet().forEach(t -> out.add(t.getName()));
      return out;
    }
  }

  @Test
  void loadingAndInitialisingNora_startsNoThreadAndWritesNoFile(@TempDir Path dir) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p =
        new ProcessBuilder(
                List.of(java, "-cp", System.getProperty("java.class.path"), Probe.class.getName()))
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).contains("NEW_THREADS=[]");
    try (var files = Files.list(dir)) {
      assertThat(files.map(Path::getFileName).map(Path::toString).toList()).isEmpty();
    }
  }
}

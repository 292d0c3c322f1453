package ai.nora;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nora with no provider SDK on the class path at all (nor Jackson, Kotlin or OkHttp): init with
 * auto-patch on, groups, tools and export all work, and nothing is reported as instrumented.
 */
class NoProviderSdkTest {

  /** The application: Nora alone. */
  public static final class App {
    public static void main(String[] args) {
      Nora.init(NoraConfig.builder().apiKey("k").exporters(List.of("jsonl"))
          .exportFile(Path.of(args[0])).build());
      String out = Nora.traceGroup("no_sdk", Map.of(), () -> Nora.tool("t", Map.of("x", 1), () -> "ok"));
      Nora.flush();
      System.out.println("OUT=" + out + " PATCHED=" + ai.nora.internal.instrument.AutoPatch.patched());
    }
  }

  @Test
  void noraLoadsAndWorks_withoutAnyProviderSdk(@TempDir Path dir) throws Exception {
    String classes = Path.of("target", "classes").toAbsolutePath().toString();
    String testClasses = Path.of("target", "test-classes").toAbsolutePath().toString();
    String byteBuddy = jarOf("net.bytebuddy.ByteBuddy");
    String byteBuddyAgent = jarOf("net.bytebuddy.agent.ByteBuddyAgent");
    String prices = jarOf("ai.nora.cost.PriceTable"); // nora-cost, shaded into the SDK's jar
    String cp = String.join(File.pathSeparator, classes, testClasses, byteBuddy, byteBuddyAgent, prices);
    assertThat(cp).doesNotContain("openai", "anthropic", "jackson", "kotlin", "okhttp");
    Path out = dir.resolve("t.jsonl");

    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(java, "-cp", cp, App.class.getName(), out.toString())
        .redirectErrorStream(true).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String printed = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(p.exitValue()).as(printed).isZero();
    assertThat(printed).contains("OUT=ok PATCHED=[]").doesNotContain("Exception", "Error");
    assertThat(Files.readString(out)).contains("\"name\":\"no_sdk\"", "\"tool_name\":\"t\"");
  }

  private static String jarOf(String className) throws Exception {
    return Path.of(Class.forName(className).getProtectionDomain().getCodeSource().getLocation().toURI())
        .toString();
  }
}

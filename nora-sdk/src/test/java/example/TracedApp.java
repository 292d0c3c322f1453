package example;

import ai.nora.Nora;
import ai.nora.NoraConfig;
import ai.nora.TestNora;
import ai.nora.Traced;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/** An application with traced methods, run in a JVM of its own by TracedMethodsTest. */
public final class TracedApp {
  private TracedApp() {}

  @Traced
  static String summarize(String text) {
    return research(text) + "!";
  }

  @Traced(name = "research_step")
  static String research(String text) {
    TestNora.llmCall("gpt-4o-mini", text, "notes", 10, 5);
    return "notes on " + text;
  }

  static String process(String data) { // traced through NORA_TRACED_FUNCTIONS
    TestNora.llmCall("gpt-4o-mini", data, "done", 3, 2);
    return "processed";
  }

  @Traced
  static CompletableFuture<String> later() {
    return CompletableFuture.supplyAsync(() -> {
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return "later";
    });
  }

  @Traced
  static Stream<String> tokens() {
    return Stream.of("a", "b", "c");
  }

  @Traced
  static Iterator<String> lines() {
    return List.of("x", "y").iterator();
  }

  @Traced
  static void fails() {
    throw new IllegalStateException("boom");
  }

  public static void main(String[] args) {
    Nora.init(NoraConfig.builder().apiKey("k").exporters(List.of("jsonl")).exportFile(Path.of(args[0]))
        .tracedFunctions(List.of("example.TracedApp#process")).build());
    System.out.println(summarize("quantum"));
    System.out.println(process("rows"));
    System.out.println(later().join());
    System.out.println(String.join("", tokens().toList()));
    Iterator<String> it = lines();
    while (it.hasNext()) {
      System.out.print(it.next());
    }
    System.out.println();
    try {
      fails();
    } catch (IllegalStateException e) {
      System.out.println("caught " + e.getMessage());
    }
    Nora.flush();
  }
}

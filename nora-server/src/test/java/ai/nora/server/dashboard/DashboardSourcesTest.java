package ai.nora.server.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's sources as STYLE.md wants code: lines of at most 120 characters, and modules
 * that import each other without a loop (the views import the router, never the app).
 */
class DashboardSourcesTest {
  private static final Path DIR = Path.of("src", "main", "resources", "dashboard");
  private static final Pattern IMPORT = Pattern.compile("^import\\s.*?from\\s+'/([\\w.-]+\\.js)'", Pattern.MULTILINE);

  @Test
  void everyLine_isAtMost120Characters() throws IOException {
    List<String> tooLong = new ArrayList<>();
    for (Path file : files()) {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      for (int i = 0; i < lines.size(); i++) {
        if (lines.get(i).length() > 120) {
          tooLong.add(file.getFileName() + ":" + (i + 1) + " (" + lines.get(i).length() + ")");
        }
      }
    }
    assertThat(tooLong).isEmpty();
  }

  @Test
  void theModules_importEachOtherWithoutALoop() throws IOException {
    Map<String, List<String>> imports = new TreeMap<>();
    for (Path file : files()) {
      if (file.toString().endsWith(".js")) {
        List<String> targets = new ArrayList<>();
        Matcher m = IMPORT.matcher(Files.readString(file, StandardCharsets.UTF_8));
        while (m.find()) {
          targets.add(m.group(1));
        }
        imports.put(file.getFileName().toString(), targets);
      }
    }
    assertThat(imports).containsKeys("app.js", "router.js", "traces.js");
    assertThat(imports.get("traces.js")).as("the views go through the router").contains("router.js");
    for (String module : imports.keySet()) {
      assertThat(loopFrom(module, module, imports, new HashSet<>())).as("an import loop through " + module).isNull();
    }
  }

  /** The path back to {@code start} through the imports of {@code at}, or null when there is none. */
  private static String loopFrom(String start, String at, Map<String, List<String>> imports, Set<String> seen) {
    for (String next : imports.getOrDefault(at, List.of())) {
      if (next.equals(start)) {
        return at + " -> " + next;
      }
      if (seen.add(next)) {
        String rest = loopFrom(start, next, imports, seen);
        if (rest != null) {
          return at + " -> " + rest;
        }
      }
    }
    return null;
  }

  private static List<Path> files() throws IOException {
    try (Stream<Path> s = Files.list(DIR)) {
      return s.filter(p -> p.toString().matches(".*\\.(js|css|html)$")).sorted().toList();
    }
  }
}

package ai.nora.server;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Command-line flags: {@code --name value} or {@code --name=value}. */
final class Flags {
  static final Set<String> KNOWN = Set.of("host", "port", "db-url", "db-user", "db-password",
      "sqlite-sync", "init-api-key", "retention-days", "max-body-mb", "log-requests", "name",
      "project");

  private Flags() {}

  static Map<String, String> parse(List<String> args, List<String> problems) {
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (!a.startsWith("--")) {
        problems.add("unexpected argument '" + a + "' (run with --help)");
        continue;
      }
      String name = a.substring(2);
      String value;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      } else if (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
        value = args.get(++i);
      } else {
        value = "true";
      }
      if (!KNOWN.contains(name)) {
        problems.add("unknown flag --" + name + " (run with --help)");
        continue;
      }
      out.put(name, value);
    }
    return out;
  }
}

package ai.nora;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The SDK's public API, checked against the report in {@code nora-sdk/api/nora-sdk.api}: every
 * public type and its public and protected members, one per line. A change to the API fails the
 * build until the report is updated with it ({@code mvn -pl nora-sdk test -Dtest=PublicApiTest
 * -Dnora.api.update=true}), so that every change to what users compile against is seen in review.
 * Once a release exists, a binary-compatibility check against it belongs beside this.
 */
class PublicApiTest {
  private static final Path REPORT = Path.of("api", "nora-sdk.api");
  private static final Path CLASSES = Path.of("target", "classes");

  @Test
  void thePublicApi_isTheOneInTheReport() throws Exception {
    List<String> current = report();
    if (Boolean.getBoolean("nora.api.update")) {
      Files.createDirectories(REPORT.getParent());
      Files.write(REPORT, current, StandardCharsets.UTF_8);
    }
    List<String> expected = Files.exists(REPORT) ? Files.readAllLines(REPORT, StandardCharsets.UTF_8) : List.of();
    List<String> added = new ArrayList<>(current);
    added.removeAll(expected);
    List<String> removed = new ArrayList<>(expected);
    removed.removeAll(current);
    assertThat(added).as("public API not in " + REPORT + " (update it with -Dnora.api.update=true)").isEmpty();
    assertThat(removed).as("public API in " + REPORT + " that is gone (a breaking change?)").isEmpty();
  }

  static List<String> report() throws IOException, ClassNotFoundException {
    List<String> names;
    try (Stream<Path> files = Files.walk(CLASSES)) {
      names = files.map(p -> CLASSES.relativize(p).toString())
          .filter(n -> n.endsWith(".class") && !n.endsWith("package-info.class"))
          .map(n -> n.substring(0, n.length() - ".class".length()).replace('/', '.').replace('\\', '.'))
          .filter(n -> !internal(n))
          .collect(Collectors.toList());
    }
    TreeSet<String> lines = new TreeSet<>();
    for (String name : names) {
      Class<?> c = Class.forName(name, false, PublicApiTest.class.getClassLoader());
      if (!visible(c) || c.isSynthetic() || c.isAnonymousClass() || c.isLocalClass()) {
        continue;
      }
      String type = c.getName();
      lines.add(type + " " + kind(c) + supertypes(c));
      for (Field f : c.getDeclaredFields()) {
        if (exposed(f.getModifiers()) && !f.isSynthetic()) {
          lines.add(type + " field " + Modifier.toString(f.getModifiers()) + " " + f.getGenericType().getTypeName() + " " + f.getName());
        }
      }
      for (Constructor<?> k : c.getDeclaredConstructors()) {
        if (exposed(k.getModifiers()) && !k.isSynthetic()) {
          lines.add(type + " new(" + params(k.getGenericParameterTypes()) + ")");
        }
      }
      for (Method m : c.getDeclaredMethods()) {
        if (exposed(m.getModifiers()) && !m.isSynthetic() && !m.isBridge()) {
          lines.add(type + " " + Modifier.toString(m.getModifiers() & ~Modifier.TRANSIENT) + " "
              + m.getGenericReturnType().getTypeName() + " " + m.getName() + "(" + params(m.getGenericParameterTypes()) + ")");
        }
      }
    }
    return new ArrayList<>(lines);
  }

  @Test
  void noPublicSignature_namesAnInternalType() throws Exception {
    assertThat(report()).as("the public API must not expose a type of an internal package")
        .filteredOn(line -> line.contains(INTERNAL) || line.contains(SHADED)).isEmpty();
  }

  @Test
  void everyInternalPackage_saysSoInItsPackageInfo() throws Exception {
    Path sources = Path.of("src", "main", "java", "ai", "nora", "internal");
    try (Stream<Path> dirs = Files.walk(sources)) {
      for (Path dir : dirs.filter(Files::isDirectory).collect(Collectors.toList())) {
        Path info = dir.resolve("package-info.java");
        assertThat(info).as(dir + " needs a package-info").exists();
        assertThat(Files.readString(info).replaceAll("\\s*\\n\\s*\\*?\\s*", " ")).as(info.toString()).contains("internal and is hence not for public use");
      }
    }
  }

  /**
   * Types of {@code ai.nora.internal} and its sub-packages are public only because code in other
   * packages (or, for the instrumentation's advice, in the instrumented libraries' classes) must
   * reach them. They are not API, so they are not in the report.
   */
  private static boolean internal(String className) {
    return className.startsWith(INTERNAL) || className.startsWith(SHADED);
  }

  private static final String INTERNAL = "ai.nora.internal.";
  private static final String SHADED = "ai.nora.shaded.";

  /** The number of public types in the report. */
  static long publicTypes(List<String> report) {
    return report.stream().filter(l -> l.split(" ").length >= 2 && !l.contains("(") && !l.contains(" field ")).count();
  }

  private static boolean visible(Class<?> c) {
    for (Class<?> k = c; k != null; k = k.getEnclosingClass()) {
      if (!Modifier.isPublic(k.getModifiers()) && !(k != c && Modifier.isProtected(c.getModifiers()))) {
        return false;
      }
    }
    return true;
  }

  private static boolean exposed(int modifiers) {
    return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
  }

  private static String kind(Class<?> c) {
    String k = c.isAnnotation() ? "@interface" : c.isInterface() ? "interface" : c.isEnum() ? "enum" : c.isRecord() ? "record" : "class";
    int mods = c.getModifiers() & (Modifier.ABSTRACT | Modifier.FINAL | Modifier.STATIC);
    if (c.isInterface() || c.isEnum() || c.isRecord()) {
      mods &= Modifier.STATIC;
    }
    String m = Modifier.toString(mods);
    return m.isEmpty() ? k : m + " " + k;
  }

  private static String supertypes(Class<?> c) {
    List<String> out = new ArrayList<>();
    if (c.getGenericSuperclass() != null && c.getSuperclass() != Object.class && !c.isEnum() && !c.isRecord()) {
      out.add("extends " + c.getGenericSuperclass().getTypeName());
    }
    for (var i : c.getGenericInterfaces()) {
      out.add("implements " + i.getTypeName());
    }
    return out.isEmpty() ? "" : " " + String.join(" ", out);
  }

  private static String params(java.lang.reflect.Type[] types) {
    return Arrays.stream(types).map(java.lang.reflect.Type::getTypeName).collect(Collectors.joining(", "));
  }
}

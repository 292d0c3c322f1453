package ai.nora.internal.instrument;

import ai.nora.internal.NoraLog;
import ai.nora.internal.Throwables;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.ProtectionDomain;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.loading.ClassInjector;
import net.bytebuddy.utility.JavaModule;

/**
 * Provider SDK classes in a class loader Nora's own classes cannot see: with {@code
 * -javaagent:nora-agent.jar}, a Spring Boot executable jar ({@code BOOT-INF/lib}), a WAR, any
 * child-first loader. The advice woven there calls Nora's hooks for that SDK, which must see the
 * SDK's types: so, as the OpenTelemetry agent does with its helpers, the hooks of that SDK (its
 * {@code ai.nora.internal.instrument.<provider>} package, and the JSON helper they share) are defined in
 * that class loader first; they call the rest of Nora, one for the whole JVM, through its public
 * classes. Where that is impossible the SDK's classes there are left alone and that is said once
 * per class loader, naming a class and what to do: never advice that fails without a word. This
 * class is internal and is hence not for public use.
 */
final class Unreachable implements AgentBuilder.RawMatcher {
  /** The instrumented SDKs: their package prefix, and the package of Nora's hooks for them. */
  private static final Map<String, String> HOOKS = Map.of(
      "com.openai.", "ai/nora/internal/instrument/openai/",
      "com.anthropic.", "ai/nora/internal/instrument/anthropic/",
      "com.google.genai.", "ai/nora/internal/instrument/gemini/",
      "dev.langchain4j.", "ai/nora/internal/instrument/langchain4j/");
  private static final String SHARED = "ai/nora/internal/instrument/JsonValues.class";
  /** Per class loader and SDK: whether its classes may be woven. */
  private static final Map<ClassLoader, Map<String, Boolean>> READY =
      Collections.synchronizedMap(new WeakHashMap<>());

  @Override
  public boolean matches(TypeDescription type, ClassLoader loader, JavaModule module,
      Class<?> classBeingRedefined, ProtectionDomain domain) {
    ClassLoader nora = Unreachable.class.getClassLoader();
    String sdk = sdkOf(type.getName());
    if (loader == null || loader == nora || sdk == null) {
      return false;
    }
    Map<String, Boolean> byLoader = READY.computeIfAbsent(loader, k -> new java.util.concurrent.ConcurrentHashMap<>());
    Boolean ready = byLoader.get(sdk);
    if (ready == null) {
      synchronized (byLoader) {
        ready = byLoader.get(sdk);
        if (ready == null) {
          ready = visible(type.getName(), loader, nora) || inject(sdk, loader, type.getName());
          byLoader.put(sdk, ready);
        }
      }
    }
    return !ready;
  }

  private static String sdkOf(String name) {
    for (String prefix : HOOKS.keySet()) {
      if (name.startsWith(prefix)) {
        return prefix;
      }
    }
    return null;
  }

  /** Whether the class {@code loader} defines as {@code name} is the one Nora's loader finds. */
  private static boolean visible(String name, ClassLoader loader, ClassLoader nora) {
    try {
      Class<?> fromNora = Class.forName(name, false, nora);
      for (ClassLoader l = loader; l != null; l = l.getParent()) {
        if (l == fromNora.getClassLoader()) {
          return true;
        }
      }
      return false;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /** Defines Nora's hooks for {@code sdk} in {@code loader}; says so once if it cannot. */
  private static boolean inject(String sdk, ClassLoader loader, String typeName) {
    try {
      Map<String, byte[]> classes = classesOf(HOOKS.get(sdk));
      if (classes.isEmpty()) {
        throw new IllegalStateException("Nora's hooks for " + sdk + "* were not found in its jar");
      }
      new ClassInjector.UsingReflection(loader).injectRaw(classes);
      NoraLog.debug("defined Nora's hooks for " + sdk + "* in " + loader, null);
      return true;
    } catch (Throwable t) {
      Throwables.propagateIfFatal(t);
      NoraLog.warn("could not instrument " + typeName + " and the rest of " + sdk + "* that "
          + loader.getClass().getName() + " loads: Nora's agent cannot reach that class loader ("
          + t + "), so those calls are not traced there. Add nora-spring-boot-starter, or nora-sdk"
          + " and Nora.init, to the application itself.", null);
      return false;
    }
  }

  /** The class files of a package of Nora's jar (and the JSON helper its hooks share). */
  private static Map<String, byte[]> classesOf(String packagePath) throws IOException, URISyntaxException {
    Map<String, byte[]> out = new LinkedHashMap<>();
    Path jar = Path.of(Unreachable.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    try (JarFile file = new JarFile(jar.toFile())) {
      Enumeration<JarEntry> entries = file.entries();
      while (entries.hasMoreElements()) {
        JarEntry e = entries.nextElement();
        String name = e.getName();
        boolean inPackage = name.startsWith(packagePath) && name.endsWith(".class")
            && name.indexOf('/', packagePath.length()) < 0 && !name.endsWith("package-info.class");
        if (inPackage || name.equals(SHARED)) {
          try (InputStream in = file.getInputStream(e)) {
            out.put(name.substring(0, name.length() - ".class".length()).replace('/', '.'), in.readAllBytes());
          }
        }
      }
    }
    return out;
  }
}

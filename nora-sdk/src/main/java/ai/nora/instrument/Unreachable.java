package ai.nora.instrument;

import ai.nora.internal.NoraLog;
import java.security.ProtectionDomain;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.utility.JavaModule;

/**
 * The classes Nora must leave alone: those of a provider SDK or framework that Nora's own classes
 * cannot see. Woven there, the advice would call Nora's hooks, which would then fail to find the
 * SDK's types (a {@code NoClassDefFoundError} the advice swallows): the calls would go untraced
 * without a word. This happens with {@code -javaagent:nora-agent.jar} when the SDK lives in a
 * child class loader, as in a Spring Boot executable jar ({@code BOOT-INF/lib}) or a WAR. Such
 * classes are not woven, and that is said once per class loader, naming a class and what to do.
 * This class is internal and is hence not for public use.
 */
final class Unreachable implements AgentBuilder.RawMatcher {
  private static final String[] INSTRUMENTED = {"com.openai.", "com.anthropic.", "com.google.genai.",
      "dev.langchain4j."};
  /** Whether Nora's class loader sees the classes of a loader, by loader (weakly held). */
  private static final Map<ClassLoader, Boolean> SEEN = Collections.synchronizedMap(new WeakHashMap<>());

  @Override
  public boolean matches(TypeDescription type, ClassLoader loader, JavaModule module,
      Class<?> classBeingRedefined, ProtectionDomain domain) {
    ClassLoader nora = Unreachable.class.getClassLoader();
    if (loader == null || loader == nora || !instrumented(type.getName())) {
      return false;
    }
    Boolean seen = SEEN.get(loader);
    if (seen == null) {
      seen = visible(type.getName(), loader, nora);
      SEEN.put(loader, seen);
      if (!seen) {
        NoraLog.warn("could not instrument " + type.getName() + " and the rest of what "
            + loader.getClass().getName() + " loads: Nora's agent cannot see classes of that class"
            + " loader (a Spring Boot executable jar or a WAR?), so their calls are not traced there."
            + " Add nora-spring-boot-starter, or nora-sdk and Nora.init, to the application itself.",
            null);
      }
    }
    return !seen;
  }

  private static boolean instrumented(String name) {
    for (String prefix : INSTRUMENTED) {
      if (name.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  /** Whether the class {@code loader} defines as {@code name} is the one Nora's loader finds. */
  private static boolean visible(String name, ClassLoader loader, ClassLoader nora) {
    try {
      Class<?> fromNora = Class.forName(name, false, nora);
      return fromNora.getClassLoader() == loader || isAncestor(fromNora.getClassLoader(), loader);
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  private static boolean isAncestor(ClassLoader candidate, ClassLoader of) {
    for (ClassLoader l = of; l != null; l = l.getParent()) {
      if (l == candidate) {
        return true;
      }
    }
    return false;
  }
}

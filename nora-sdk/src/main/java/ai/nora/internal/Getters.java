package ai.nora.internal;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads values by their getters' names, for instrumentation that links against the oldest
 * release of a library and meets newer or provider-specific types (a usage subclass, an
 * exception's status). Lookups are cached per class; a getter declared in a non-public class is
 * called through the public type that declares it. This class is internal and is hence not for
 * public use.
 */
public final class Getters {
  private static final ClassValue<Map<String, Method>> GETTERS = new ClassValue<>() {
    @Override
    protected Map<String, Method> computeValue(Class<?> type) {
      Map<String, Method> found = new HashMap<>();
      for (Method m : type.getMethods()) {
        if (m.getParameterCount() == 0 && !found.containsKey(m.getName())) {
          Method callable = callable(type, m.getName());
          if (callable != null) {
            found.put(m.getName(), callable);
          }
        }
      }
      return found;
    }
  };

  private Getters() {}

  /** The value of {@code target}'s public no-argument method {@code name}, or null where it has none. */
  public static Object get(Object target, String name) {
    if (target == null) {
      return null;
    }
    Method m = GETTERS.get(target.getClass()).get(name);
    if (m == null) {
      return null;
    }
    try {
      return m.invoke(target);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }

  /**
   * The HTTP status of a provider error, wherever a library put it in the causes: a {@code
   * statusCode()} (LangChain4j) or a {@code getStatusCode()} number or status object (Spring).
   */
  public static Integer httpStatus(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      Object code = get(t, "statusCode");
      if (!(code instanceof Number)) {
        Object status = get(t, "getStatusCode");
        code = status instanceof Number || status == null ? status : get(status, "value");
      }
      if (code instanceof Number) {
        return ((Number) code).intValue();
      }
    }
    return null;
  }

  /** The method {@code name} of a public type {@code type} is or extends; null if none. */
  private static Method callable(Class<?> type, String name) {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      Method m = publicMethod(c, name);
      if (m != null) {
        return m;
      }
      for (Class<?> i : c.getInterfaces()) {
        Method fromInterface = callable(i, name);
        if (fromInterface != null) {
          return fromInterface;
        }
      }
    }
    return null;
  }

  private static Method publicMethod(Class<?> c, String name) {
    if (!Modifier.isPublic(c.getModifiers())) {
      return null;
    }
    try {
      Method m = c.getMethod(name);
      return Modifier.isPublic(m.getDeclaringClass().getModifiers()) ? m : null;
    } catch (NoSuchMethodException e) {
      return null;
    }
  }
}

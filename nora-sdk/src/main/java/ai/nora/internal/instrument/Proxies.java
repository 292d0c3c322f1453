package ai.nora.internal.instrument;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * Wraps a provider SDK's interface in a {@link Proxy} that sees its calls. A default method the
 * target's class does not override runs on the proxy ({@link InvocationHandler#invokeDefault}),
 * so that a one-argument {@code create(params)} that delegates to the two-argument one is seen
 * too; one it overrides (openai-java's {@code completions()}) runs on the target. The target's
 * own exceptions are rethrown unchanged, never wrapped. This class is internal and is hence not for
 * public use.
 */
public final class Proxies {
  private Proxies() {}

  /** Decides what to do with one call to the target. */
  @FunctionalInterface
  public interface Interceptor {
    /**
     * Handles a call; {@code proceed} calls the target.
     *
     * @return what the caller gets
     */
    Object invoke(Method method, Object[] args, Call proceed) throws Throwable;
  }

  /** The call to the target. */
  @FunctionalInterface
  public interface Call {
    Object call() throws Throwable;
  }

  /** {@code target} behind a proxy of {@code type}; null stays null. */
  @SuppressWarnings("unchecked")
  public static <T> T wrap(Class<T> type, T target, Interceptor interceptor) {
    if (target == null || Proxy.isProxyClass(target.getClass())
        && Proxy.getInvocationHandler(target) instanceof Handler) {
      return target;
    }
    return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
        new Handler(target, interceptor));
  }

  /**
   * A provider service whose {@code create(params, options)} and {@code createStreaming(params,
   * options)} are recorded through {@code hooks}; a service it hands out by {@code withOptions} is
   * wrapped the same way. Calls recorded here are marked, so woven code under them stands aside.
   */
  public static <T> T recordingService(Class<T> type, T service, ProviderHooks hooks) {
    return wrap(type, service, (m, args, proceed) -> {
      boolean stream = m.getName().equals("createStreaming");
      Object recording = (stream || m.getName().equals("create")) && args != null && args.length == 2
          ? hooks.enter(args[0], stream) : null;
      if (recording == null) {
        Object result = proceed.call();
        return m.getName().equals("withOptions") ? recordingService(type, type.cast(result), hooks) : result;
      }
      Object result;
      try {
        result = LlmCall.recordedHere(proceed);
      } catch (Throwable t) {
        hooks.exit(recording, null, t);
        throw t;
      }
      return hooks.exit(recording, result, null);
    });
  }

  private static final java.util.Map<java.util.List<Object>, Boolean> OVERRIDDEN =
      new java.util.concurrent.ConcurrentHashMap<>();

  /** Whether a class (not an interface) of the target declares {@code method}. */
  static boolean overridden(Class<?> targetClass, Method method) {
    return OVERRIDDEN.computeIfAbsent(java.util.List.of(targetClass, method), key -> {
      Method m = method;
      for (Class<?> c = targetClass; c != null && c != Object.class; c = c.getSuperclass()) {
        try {
          c.getDeclaredMethod(m.getName(), m.getParameterTypes());
          return true;
        } catch (NoSuchMethodException notHere) {
          // look further up
        }
      }
      return false;
    });
  }

  private static final class Handler implements InvocationHandler {
    private final Object target;
    private final Interceptor interceptor;

    Handler(Object target, Interceptor interceptor) {
      this.target = target;
      this.interceptor = interceptor;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      if (method.getDeclaringClass() == Object.class) {
        switch (method.getName()) {
          case "equals":
            return proxy == args[0];
          case "hashCode":
            return System.identityHashCode(proxy);
          default:
            return "Nora-traced " + target;
        }
      }
      if (method.isDefault() && !overridden(target.getClass(), method)) {
        return InvocationHandler.invokeDefault(proxy, method, args);
      }
      return interceptor.invoke(method, args, () -> {
        try {
          return method.invoke(target, args);
        } catch (InvocationTargetException e) {
          throw e.getCause();
        }
      });
    }
  }
}

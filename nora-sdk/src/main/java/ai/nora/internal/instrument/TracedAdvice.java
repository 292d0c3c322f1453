package ai.nora.internal.instrument;

import java.lang.reflect.Method;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Advice woven into {@code @Traced} methods and the methods named by {@code tracedFunctions}.
 * Bodies only call {@link TracedHooks}. This class is internal and is hence not for public use.
 */
public final class TracedAdvice {
  private TracedAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter(@Advice.Origin Method method) {
    return TracedHooks.enter(method);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter Object running,
      @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object result,
      @Advice.Thrown Throwable thrown) {
    result = TracedHooks.exit(running, result, thrown);
  }

  /** The same for methods that return nothing. */
  public static final class ForVoid {
    private ForVoid() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object enter(@Advice.Origin Method method) {
      return TracedHooks.enter(method);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Enter Object running, @Advice.Thrown Throwable thrown) {
      TracedHooks.exit(running, null, thrown);
    }
  }
}

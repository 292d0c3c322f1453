package ai.nora.instrument.openai;

import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Advice woven into openai-java's chat completion services by {@code Nora.init} (or the agent).
 * Bodies only call {@link OpenAiHooks}: no lambdas, no private members, nothing that could fail
 * to link inside the SDK's classes; any throwable of Nora's is suppressed. This class is internal
 * and is hence not for public use.
 */
public final class OpenAiAdvice {
  private OpenAiAdvice() {}

  /** {@code ChatCompletionServiceImpl.create(params, options)}. */
  public static final class Create {
    private Create() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object enter(@Advice.Argument(0) Object params) {
      return OpenAiHooks.enter(params, false);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Enter Object recording,
        @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object result,
        @Advice.Thrown Throwable thrown) {
      result = OpenAiHooks.exit(recording, result, thrown, false, false);
    }
  }

  /** {@code ChatCompletionServiceImpl.createStreaming(params, options)}. */
  public static final class CreateStreaming {
    private CreateStreaming() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object enter(@Advice.Argument(0) Object params) {
      return OpenAiHooks.enter(params, true);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Enter Object recording,
        @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object result,
        @Advice.Thrown Throwable thrown) {
      result = OpenAiHooks.exit(recording, result, thrown, true, false);
    }
  }

  /** {@code ChatCompletionServiceAsyncImpl.create(params, options)}. */
  public static final class CreateAsync {
    private CreateAsync() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object enter(@Advice.Argument(0) Object params) {
      return OpenAiHooks.enter(params, false);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Enter Object recording,
        @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object result,
        @Advice.Thrown Throwable thrown) {
      result = OpenAiHooks.exit(recording, result, thrown, false, true);
    }
  }

  /** {@code ChatCompletionServiceAsyncImpl.createStreaming(params, options)}. */
  public static final class CreateStreamingAsync {
    private CreateStreamingAsync() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object enter(@Advice.Argument(0) Object params) {
      return OpenAiHooks.enter(params, true);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Enter Object recording,
        @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object result,
        @Advice.Thrown Throwable thrown) {
      result = OpenAiHooks.exit(recording, result, thrown, true, true);
    }
  }
}

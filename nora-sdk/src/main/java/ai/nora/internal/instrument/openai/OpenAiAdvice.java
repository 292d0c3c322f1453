package ai.nora.internal.instrument.openai;

import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Advice woven into openai-java's chat completion, Responses and embedding services, blocking and
 * async: {@code create(params, options)} and {@code createStreaming(params, options)}. Bodies only call {@link
 * OpenAiHooks}: no lambdas, no private members, nothing that could fail to link inside the SDK's
 * classes; any throwable of Nora's is suppressed. This class is internal and is hence not for
 * public use.
 */
public final class OpenAiAdvice {
  private OpenAiAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter(@Advice.Origin("#m") String method, @Advice.Argument(0) Object params) {
    return OpenAiHooks.onEnter(params, "createStreaming".equals(method));
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter Object recording,
      @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object result,
      @Advice.Thrown Throwable thrown) {
    result = OpenAiHooks.onExit(recording, result, thrown);
  }
}

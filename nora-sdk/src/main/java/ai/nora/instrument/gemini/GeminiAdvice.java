package ai.nora.instrument.gemini;

import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Advice woven into {@code Models.privateGenerateContent} and {@code
 * AsyncModels.privateGenerateContent}: the one method each round trip of generateContent goes
 * through. Bodies only call {@link GeminiHooks}. This class is internal and is hence not for
 * public use.
 */
public final class GeminiAdvice {
  private GeminiAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter(@Advice.Argument(0) Object model, @Advice.Argument(1) Object contents,
      @Advice.Argument(2) Object config) {
    return GeminiHooks.enter(model, contents, config);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter Object recording,
      @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object result,
      @Advice.Thrown Throwable thrown) {
    result = GeminiHooks.exit(recording, result, thrown);
  }
}

package ai.nora.internal.instrument;

import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Advice woven into Spring AI's {@code MessageAggregator.aggregate(flux, onComplete)}: the
 * stream it returns is watched for its first element ({@link StreamedCalls}). Any throwable of
 * Nora's is suppressed. This class is internal and is hence not for public use.
 */
public final class SpringAiAdvice {
  private SpringAiAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object result) {
    result = StreamedCalls.assembled(result);
  }
}

package ai.nora.internal.instrument.anthropic;

import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Advice woven into anthropic-java's message services ({@code create} and {@code
 * createStreaming}, messages and beta, sync and async). Bodies only call {@link AnthropicHooks}.
 * This class is internal and is hence not for public use.
 */
public final class AnthropicAdvice {
  private AnthropicAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter(@Advice.Origin("#m") String method, @Advice.Argument(0) Object params) {
    return AnthropicHooks.onEnter(params, "createStreaming".equals(method));
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter Object recording,
      @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object result,
      @Advice.Thrown Throwable thrown) {
    result = AnthropicHooks.onExit(recording, result, thrown);
  }

  /**
   * anthropic-java's {@code TraceApiCall.startApiCallSpan}: the SDK's own span of a call, replaced
   * by one that records nothing when Nora records the call.
   */
  public static final class OwnSpan {
    private OwnSpan() {}

    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void exit(@Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object span) {
      span = AnthropicHooks.ownTelemetrySpan(span);
    }
  }
}

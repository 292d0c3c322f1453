package ai.nora.internal.instrument.gemini;

import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Advice woven into google-genai: {@code Models} and {@code AsyncModels}' {@code
 * privateGenerateContent} and {@code privateGenerateContentStream} (the methods each round trip
 * goes through, so that the automatic function-calling loop shows every model call), and the
 * stream's iterator and close. Bodies only call {@link GeminiHooks}. This class is internal and
 * is hence not for public use.
 */
public final class GeminiAdvice {
  private GeminiAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter(@Advice.Origin("#m") String method, @Advice.Argument(0) Object model,
      @Advice.Argument(1) Object contents, @Advice.Argument(2) Object config) {
    return GeminiHooks.enter(model, contents, config, method.endsWith("Stream"));
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Origin("#m") String method, @Advice.Enter Object recording,
      @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object result,
      @Advice.Thrown Throwable thrown) {
    result = GeminiHooks.exit(recording, result, thrown, method.endsWith("Stream"));
  }

  /** {@code ResponseStream$ResponseStreamIterator.next()}: each chunk, as the user pulls it. */
  public static final class Next {
    private Next() {}

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.FieldValue("this$0") Object stream,
        @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object chunk, @Advice.Thrown Throwable thrown) {
      if (thrown != null) {
        GeminiHooks.streamEnded(stream, thrown);
      } else {
        GeminiHooks.chunk(stream, chunk);
      }
    }
  }

  /** {@code ResponseStream$ResponseStreamIterator.hasNext()}: false is the end of the stream. */
  public static final class HasNext {
    private HasNext() {}

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.FieldValue("this$0") Object stream, @Advice.Return boolean more,
        @Advice.Thrown Throwable thrown) {
      if (thrown != null || !more) {
        GeminiHooks.streamEnded(stream, thrown);
      }
    }
  }

  /** {@code ResponseStream.close()}. */
  public static final class Close {
    private Close() {}

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.This Object stream) {
      GeminiHooks.streamEnded(stream, null);
    }
  }
}

package ai.nora.internal.instrument.langchain4j;

import ai.nora.internal.instrument.AutoPatch;
import ai.nora.internal.instrument.LlmCall;
import ai.nora.internal.Getters;
import ai.nora.internal.NoraLog;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The recording of LangChain4j model calls, shared by {@link NoraChatModelListener} (a listener
 * the application or the Spring starter adds) and the advice woven into LangChain4j, so both
 * record exactly the same. A call's recording travels in the listener attributes LangChain4j
 * hands to every step of one call (request, response, error), whichever thread runs them. This
 * class is internal and is hence not for public use.
 */
final class LangChain4jCalls {
  /** The attribute holding a call's recording. */
  static final Object CALL = new Object() {
    @Override
    public String toString() {
      return "nora.call";
    }
  };
  /** The attribute holding a streamed call's handler, set by the woven advice. */
  static final Object STREAM = new Object() {
    @Override
    public String toString() {
      return "nora.stream";
    }
  };

  /** Streamed calls waiting for their first token, by the handler LangChain4j streams into. */
  private static final Map<Object, LlmCall> FIRST_TOKEN =
      Collections.synchronizedMap(new WeakHashMap<>());

  /**
   * Provider modules that run on an official SDK Nora instruments: their calls are recorded
   * there, with the provider's own fields, and not a second time here.
   */
  private static final Map<String, String> ON_OFFICIAL_SDK = Map.of(
      "dev.langchain4j.model.openaiofficial.", "openai");

  private LangChain4jCalls() {}

  /** Starts recording a call, unless the official SDK under it records it. */
  static void start(ChatRequest request, Object modelProvider, Map<Object, Object> attributes) {
    if (request == null || attributes == null || attributes.containsKey(CALL)
        || recordedBelow(request)) {
      return;
    }
    Object handler = attributes.get(STREAM);
    LlmCall call = LlmCall.start("chat", () -> LangChain4jChat.request(request, modelProvider, handler != null));
    if (!call.isRecording()) {
      return;
    }
    attributes.put(CALL, call);
    if (handler != null) {
      FIRST_TOKEN.put(handler, call);
    }
  }

  static void succeed(ChatResponse response, Map<Object, Object> attributes) {
    LlmCall call = take(attributes);
    if (call != null) {
      call.succeed(response, LangChain4jChat::response);
    }
  }

  static void fail(Throwable error, Map<Object, Object> attributes) {
    LlmCall call = take(attributes);
    if (call != null) {
      call.fail(error, Getters.httpStatus(error));
    }
  }

  /** The first streamed content of the call streaming into {@code handler}: time to first token. */
  static void streamed(Object handler) {
    LlmCall call = FIRST_TOKEN.remove(handler);
    if (call != null) {
      call.firstToken();
    }
  }

  private static LlmCall take(Map<Object, Object> attributes) {
    if (attributes == null) {
      return null;
    }
    Object handler = attributes.get(STREAM);
    if (handler != null) {
      FIRST_TOKEN.remove(handler);
    }
    Object call = attributes.remove(CALL);
    return call instanceof LlmCall ? (LlmCall) call : null;
  }

  private static boolean recordedBelow(ChatRequest request) {
    if (request.parameters() == null) {
      return false;
    }
    String type = request.parameters().getClass().getName();
    for (Map.Entry<String, String> e : ON_OFFICIAL_SDK.entrySet()) {
      if (type.startsWith(e.getKey())) {
        if (AutoPatch.patched().contains(e.getValue())) {
          return true;
        }
        NoraLog.debug("LangChain4j module " + type + " runs on the " + e.getValue()
            + " SDK, which is not instrumented here; recorded at the LangChain4j level", null);
      }
    }
    return false;
  }
}

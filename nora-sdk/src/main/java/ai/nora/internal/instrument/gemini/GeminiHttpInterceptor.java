package ai.nora.internal.instrument.gemini;

import ai.nora.internal.instrument.AutoPatch;
import ai.nora.internal.instrument.LlmCall;
import ai.nora.internal.instrument.Streams;
import ai.nora.internal.NoraLog;
import ai.nora.internal.Throwables;
import ai.nora.trace.SpanError;
import com.fasterxml.jackson.databind.JsonNode;
import com.google.genai.JsonSerializable;
import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;

/**
 * Records Gemini calls at the HTTP layer, for the explicit wrapper ({@code NoraGemini}): google-
 * genai's {@code Models} is a final class, so no proxy can stand in front of it, but its OkHttp
 * client can carry an interceptor. It reads {@code :generateContent} and {@code
 * :streamGenerateContent} exchanges as the API's JSON, through the same adapter as the woven
 * code; other requests pass untouched. Where auto-patch has woven google-genai, that records the
 * call and this stands aside. This class is internal and is hence not for public use.
 */
public final class GeminiHttpInterceptor implements Interceptor {
  /** Error bodies are read up to this size for the span's message. */
  private static final long ERROR_BODY_LIMIT = 16 * 1024;

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    LlmCall call = start(request);
    if (call == null) {
      return chain.proceed(request);
    }
    Response response;
    try {
      response = chain.proceed(request);
    } catch (IOException | RuntimeException | Error e) {
      call.fail(e, null);
      throw e;
    }
    try {
      return observe(response, call, request.url().encodedPath().endsWith(":streamGenerateContent"));
    } catch (Throwable t) {
      Throwables.propagateIfFatal(t);
      NoraLog.warnOnce("gemini:http", "could not read a Gemini response; recorded without it", t);
      call.endWith(d -> { });
      return response;
    }
  }

  /** The recording of a generateContent request, or null for anything else. */
  private static LlmCall start(Request request) {
    try {
      if (AutoPatch.patched().contains("gemini") || LlmCall.alreadyRecordedHere() || request.body() == null) {
        return null;
      }
      String path = request.url().encodedPath();
      int colon = path.lastIndexOf(':');
      String method = colon < 0 ? "" : path.substring(colon + 1);
      if (!method.equals("generateContent") && !method.equals("streamGenerateContent")) {
        return null;
      }
      String model = path.substring(path.lastIndexOf('/', colon) + 1, colon);
      Buffer buffer = new Buffer();
      request.body().writeTo(buffer);
      JsonNode body = JsonSerializable.objectMapper().readTree(buffer.readByteArray());
      boolean stream = method.equals("streamGenerateContent");
      LlmCall call = LlmCall.start(GeminiAdapter.OPERATION,
          () -> GeminiAdapter.requestFromApi(model, body, stream));
      return call.isRecording() ? call : null;
    } catch (Throwable t) {
      Throwables.propagateIfFatal(t);
      NoraLog.warnOnce("gemini:http:request", "could not read a Gemini request; it runs untraced", t);
      return null;
    }
  }

  private static Response observe(Response response, LlmCall call, boolean stream) throws IOException {
    if (!response.isSuccessful()) {
      JsonNode error = JsonSerializable.objectMapper().readTree(response.peekBody(ERROR_BODY_LIMIT).bytes());
      JsonNode e = error == null ? null : error.path("error");
      String message = e != null && e.hasNonNull("message") ? e.get("message").asText() : response.message();
      call.failWith(new SpanError(e != null && e.hasNonNull("status") ? e.get("status").asText() : "HTTP "
          + response.code(), message, response.code()));
      return response;
    }
    if (!stream) {
      JsonNode r = JsonSerializable.objectMapper().readTree(response.peekBody(Long.MAX_VALUE).bytes());
      call.succeed(r, GeminiAdapter::responseJson);
      return response;
    }
    GeminiStream assembled = new GeminiStream(call);
    ResponseBody observed = new SseObservingBody(response.body(),
        data -> assembled.onItem(JsonSerializable.objectMapper().readTree(data)),
        () -> call.endWith(assembled::fill));
    Streams.endWhenDropped(observed, () -> call.endWith(assembled::fill));
    return response.newBuilder().body(observed).build();
  }
}

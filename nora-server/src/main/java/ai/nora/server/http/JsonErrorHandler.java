package ai.nora.server.http;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors Jetty answers itself, before a request reaches a route (a path with {@code %00}, an
 * ambiguous URI, a header too large): the same JSON body and security headers as every other
 * answer, instead of Jetty's HTML page.
 */
final class JsonErrorHandler extends ErrorHandler {
  @Override
  protected void generateResponse(Request request, Response response, int code, String message,
      Throwable cause, Callback callback) {
    String reason = HttpStatus.getMessage(code);
    String detail = message == null || message.isBlank() || message.equals(reason)
        ? reason : reason + ": " + message;
    byte[] body = JsonNodeFactory.instance.objectNode().put("detail", detail).toString()
        .getBytes(StandardCharsets.UTF_8);
    Routes.SECURITY_HEADERS.forEach((k, v) -> response.getHeaders().put(k, v));
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    response.write(true, ByteBuffer.wrap(body), callback);
  }
}

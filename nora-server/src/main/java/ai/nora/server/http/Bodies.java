package ai.nora.server.http;

import ai.nora.server.ApiException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;

/**
 * Reads request bodies within limits: at most {@code maxBytes} as sent and {@code
 * maxDecompressedBytes} once decompressed, counted while inflating (a small gzip bomb gets 413
 * after reading that much, not the server's memory).
 */
final class Bodies {
  static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private final long maxBytes;
  private final long maxDecompressedBytes;

  Bodies(long maxBytes, long maxDecompressedBytes) {
    this.maxBytes = maxBytes;
    this.maxDecompressedBytes = maxDecompressedBytes;
  }

  byte[] bytes(Context ctx) {
    long declared = ctx.req().getContentLengthLong();
    if (declared > maxBytes) {
      throw tooLarge();
    }
    try (InputStream raw = ctx.req().getInputStream()) {
      byte[] body = readAtMost(raw, maxBytes);
      if (body.length == 0) {
        return body;
      }
      String encoding = ctx.header("Content-Encoding");
      if (encoding == null || encoding.isBlank() || "identity".equalsIgnoreCase(encoding)) {
        return body;
      }
      if (!"gzip".equalsIgnoreCase(encoding.strip())) {
        throw new ApiException(415, "Content-Encoding: '" + encoding + "' is not supported; use gzip");
      }
      try (InputStream z = new GZIPInputStream(new java.io.ByteArrayInputStream(body))) {
        return readAtMost(z, maxDecompressedBytes);
      } catch (IOException e) {
        throw ApiException.badRequest("body: not valid gzip (" + e.getMessage() + ")");
      }
    } catch (IOException e) {
      throw ApiException.badRequest("body: could not be read (" + e.getMessage() + ")");
    }
  }

  JsonNode json(Context ctx) {
    byte[] body = bytes(ctx);
    if (body.length == 0) {
      throw ApiException.badRequest("body: empty; expected JSON");
    }
    String text = utf8(body);
    try {
      return JSON.readTree(text);
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? ""
          : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
      throw ApiException.badRequest("body: not valid JSON" + where + ": " + e.getOriginalMessage());
    } catch (IOException e) {
      throw ApiException.badRequest("body: not valid JSON");
    }
  }

  /**
   * The body as text, refusing what is not strict UTF-8: an overlong form such as {@code C0 AF}
   * would otherwise be read as {@code /} and pass a check made on the text.
   */
  private static String utf8(byte[] body) {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(body);
    try {
      return decoder.decode(in).toString();
    } catch (CharacterCodingException e) {
      throw ApiException.badRequest("body: not valid UTF-8 at byte " + in.position());
    }
  }

  private byte[] readAtMost(InputStream in, long max) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
    byte[] buf = new byte[16384];
    long total = 0;
    int n;
    while ((n = in.read(buf)) > 0) {
      total += n;
      if (total > max) {
        throw max == maxBytes ? tooLarge() : new ApiException(413, "body: more than "
            + (max / (1024 * 1024)) + " MiB once decompressed (NORA_MAX_DECOMPRESSED_MB); send smaller batches");
      }
      out.write(buf, 0, n);
    }
    return out.toByteArray();
  }

  private ApiException tooLarge() {
    return new ApiException(413, "body: larger than the " + (maxBytes / (1024 * 1024))
        + " MiB this server accepts (NORA_MAX_BODY_MB); send smaller batches");
  }
}

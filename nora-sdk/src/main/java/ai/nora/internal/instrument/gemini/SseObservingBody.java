package ai.nora.internal.instrument.gemini;

import ai.nora.internal.Throwables;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import okhttp3.MediaType;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;
import okio.ForwardingSource;
import okio.Okio;

/**
 * A server-sent-events response body that hands each {@code data:} line to Nora as the reader
 * pulls the bytes through, unchanged; {@code onEnd} runs once, at the end of the body or its close.
 * This class is internal and is hence not for public use.
 */
final class SseObservingBody extends ResponseBody {
  /** Sees one event's data. */
  interface DataListener {
    void onData(String data) throws Exception;
  }

  private final ResponseBody delegate;
  private final BufferedSource source;
  private final Buffer pending = new Buffer();
  private final DataListener onData;
  private final Runnable onEnd;
  private boolean ended;

  SseObservingBody(ResponseBody delegate, DataListener onData, Runnable onEnd) {
    this.delegate = delegate;
    this.onData = onData;
    this.onEnd = onEnd;
    this.source = Okio.buffer(new ForwardingSource(delegate.source()) {
      @Override
      public long read(Buffer sink, long byteCount) throws IOException {
        long n = super.read(sink, byteCount);
        if (n == -1) {
          end();
        } else {
          see(sink, n);
        }
        return n;
      }

      @Override
      public void close() throws IOException {
        try {
          super.close();
        } finally {
          end();
        }
      }
    });
  }

  @Override
  public MediaType contentType() {
    return delegate.contentType();
  }

  @Override
  public long contentLength() {
    return delegate.contentLength();
  }

  @Override
  public BufferedSource source() {
    return source;
  }

  private void see(Buffer sink, long n) {
    try {
      sink.copyTo(pending, sink.size() - n, n);
      long newline;
      while ((newline = pending.indexOf((byte) '\n')) != -1) {
        String line = pending.readString(newline + 1, StandardCharsets.UTF_8).trim();
        if (line.startsWith("data:")) {
          onData.onData(line.substring(5).trim());
        }
      }
    } catch (Throwable t) {
      Throwables.propagateIfFatal(t);
    }
  }

  private synchronized void end() {
    if (!ended) {
      ended = true;
      try {
        onEnd.run();
      } catch (Throwable t) {
        Throwables.propagateIfFatal(t);
      }
    }
  }
}

package ai.nora.server.http;

import ai.nora.server.ApiException;
import io.javalin.http.Handler;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A bound on the requests that read and hold a body at once: each may hold a decompressed body
 * and its parsed tree, so the bound is what keeps the heap flat under any load. A request that
 * finds no room within the wait is answered 503 with {@code Retry-After}, which Nora's SDK (and
 * OpenTelemetry's exporters) honour, instead of queueing without end.
 */
final class IngestGate {
  private final Semaphore permits;
  private final long waitMs;
  private final String what;

  IngestGate(int permits, long waitMs, String what) {
    this.permits = new Semaphore(permits, true);
    this.waitMs = waitMs;
    this.what = what;
  }

  Handler guard(Handler handler) {
    return ctx -> {
      boolean in;
      try {
        in = waitMs <= 0 ? permits.tryAcquire() : permits.tryAcquire(waitMs, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        in = false;
      }
      if (!in) {
        ctx.header("Retry-After", "1");
        throw new ApiException(503, "the server is busy with other " + what + "; nothing was stored,"
            + " retry after 1 s");
      }
      try {
        handler.handle(ctx);
      } finally {
        permits.release();
      }
    };
  }
}

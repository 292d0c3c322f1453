package ai.nora.export;

import ai.nora.trace.GenerationSpanData;
import ai.nora.trace.GroupSpanData;
import ai.nora.trace.Span;
import ai.nora.trace.Trace;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Locale;

/**
 * Writes one readable line per span and per finished trace to the {@code ai.nora.export} logger
 * at INFO: for development, and for seeing what Nora records without a server.
 *
 * <pre>
 * [nora] generation 'openai.chat' gpt-4o-mini 1.204s tokens=130 cost=$0.000045 success trace=4bf9…
 * [nora] trace 'weather_query' success 2.310s calls=2 tokens=95 cost=$0.000031 id=4bf9…
 * </pre>
 */
public final class LoggingSpanExporter implements SpanExporter {
  private final Logger logger;

  private LoggingSpanExporter(Logger logger) {
    this.logger = logger;
  }

  /** An exporter logging to {@code ai.nora.export}. */
  public static LoggingSpanExporter create() {
    return new LoggingSpanExporter(System.getLogger("ai.nora.export"));
  }

  @Override
  public boolean export(ExportBatch batch) {
    if (!logger.isLoggable(Level.INFO)) {
      return true;
    }
    for (Span s : batch.spans()) {
      logger.log(Level.INFO, line(s));
    }
    for (Trace t : batch.traces()) {
      if (t.isEnded()) {
        logger.log(Level.INFO, line(t));
      }
    }
    return true;
  }

  static String line(Span s) {
    StringBuilder sb = new StringBuilder("[nora] ").append(s.type()).append(" '");
    sb.append(s.name()).append("' ");
    if (s.data() instanceof GenerationSpanData) {
      GenerationSpanData g = (GenerationSpanData) s.data();
      sb.append(g.responseModel() != null ? g.responseModel() : g.model()).append(' ');
      sb.append(seconds(s.durationNanos()));
      if (g.usage() != null) {
        sb.append(" tokens=").append(g.usage().total());
      }
      if (g.cost() != null) {
        sb.append(" cost=$").append(String.format(Locale.ROOT, "%.6f", g.cost()));
      }
    } else {
      sb.append(seconds(s.durationNanos()));
      if (s.data() instanceof GroupSpanData) {
        sb.append(" calls=").append(((GroupSpanData) s.data()).aggregate().calls());
      }
    }
    sb.append(' ').append(s.status().wireName()).append(" trace=").append(s.traceId());
    if (s.error() != null) {
      sb.append(" error=").append(s.error().type()).append(": ").append(s.error().message());
    }
    return sb.toString();
  }

  static String line(Trace t) {
    StringBuilder sb = new StringBuilder("[nora] trace '").append(t.name()).append("' ");
    sb.append(t.status().wireName()).append(' ');
    sb.append(seconds(t.endEpochNanos() - t.startEpochNanos()));
    sb.append(" calls=").append(t.aggregate().calls());
    sb.append(" tokens=").append(t.aggregate().totalTokens());
    Double cost = t.aggregate().cost();
    if (cost != null) {
      sb.append(" cost=$").append(String.format(Locale.ROOT, "%.6f", cost));
    }
    return sb.append(" id=").append(t.id()).toString();
  }

  private static String seconds(long nanos) {
    return String.format(Locale.ROOT, "%.3fs", nanos / 1e9);
  }
}

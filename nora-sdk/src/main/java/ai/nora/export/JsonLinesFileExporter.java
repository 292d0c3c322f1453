package ai.nora.export;

import ai.nora.internal.NoraLog;
import ai.nora.trace.Span;
import ai.nora.trace.Trace;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * Appends every trace and span to a file, one JSON object per line, each the ingest protocol's
 * item with a {@code "kind"} member ({@code "trace"} or {@code "span"}). The file is opened on the
 * first export, not before; each batch is flushed to the file before {@link #export} returns.
 */
public final class JsonLinesFileExporter implements SpanExporter {
  private final Path path;
  private BufferedWriter writer;
  private boolean closed;

  private JsonLinesFileExporter(Path path) {
    this.path = path;
  }

  /** An exporter appending to {@code path} (created, with its directories, if missing). */
  public static JsonLinesFileExporter create(Path path) {
    return new JsonLinesFileExporter(Objects.requireNonNull(path, "path"));
  }

  @Override
  public synchronized boolean export(ExportBatch batch) {
    if (closed) {
      return false;
    }
    try {
      if (writer == null) {
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
          Files.createDirectories(parent);
        }
        writer =
            Files.newBufferedWriter(
                path, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      }
      for (Trace t : batch.traces()) {
        writer.write(line("trace", WireFormat.write(t)));
        writer.newLine();
      }
      for (Span s : batch.spans()) {
        writer.write(line("span", WireFormat.write(s)));
        writer.newLine();
      }
      writer.flush();
      return true;
    } catch (IOException e) {
      NoraLog.warnOnce("jsonl:" + path, "could not write traces to " + path + ": " + e, null);
      return false;
    }
  }

  private static String line(String kind, String itemJson) {
    // itemJson is an object: put "kind" first so that the lines read well.
    return "{\"kind\":\"" + kind + "\"," + itemJson.substring(1);
  }

  @Override
  public synchronized void shutdown() {
    closed = true;
    if (writer != null) {
      try {
        writer.close();
      } catch (IOException e) {
        NoraLog.warnOnce("jsonl:close:" + path, "could not close " + path + ": " + e, null);
      }
      writer = null;
    }
  }

  @Override
  public String toString() {
    return "JsonLinesFileExporter{" + path + "}";
  }
}

package ai.nora.export;

import ai.nora.internal.Json;
import ai.nora.trace.Span;
import ai.nora.trace.Trace;

/**
 * The JSON of Nora's batched ingest protocol ({@code docs/ingest-protocol.md}, schema in {@code
 * docs/protocol/ingest.schema.json}): {@code {"sdk": {...}, "traces": [...], "spans": [...]}}.
 */
public final class IngestPayload {
  /** The SDK name sent with every batch. */
  public static final String SDK_NAME = "nora-java";

  private IngestPayload() {}

  /** The request body for {@code batch}. */
  public static String toJson(ExportBatch batch) {
    return toJson(batch, null);
  }

  /** The request body for {@code batch}, naming the application's feedback service. */
  public static String toJson(ExportBatch batch, String serviceUrl) {
    StringBuilder sb = new StringBuilder(256 + batch.size() * 512);
    Json json = Json.to(sb);
    json.beginObject();
    json.name("sdk").beginObject().field("name", SDK_NAME).field("version", SdkVersion.get());
    json.endObject();
    json.fieldIfPresent("service_url", serviceUrl);
    json.name("traces").beginArray();
    for (Trace t : batch.traces()) {
      t.writeJson(json);
    }
    json.endArray();
    json.name("spans").beginArray();
    for (Span s : batch.spans()) {
      s.writeJson(json);
    }
    json.endArray();
    json.endObject();
    return sb.toString();
  }

  /** One trace as a protocol item. */
  public static String toJson(Trace trace) {
    return Json.write(trace);
  }

  /** One span as a protocol item. */
  public static String toJson(Span span) {
    return Json.write(span);
  }
}

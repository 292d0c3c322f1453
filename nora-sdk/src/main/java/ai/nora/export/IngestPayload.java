package ai.nora.export;

import ai.nora.internal.Json;
import ai.nora.trace.Span;
import ai.nora.trace.Trace;

/**
 * The JSON of Nora's batched ingest protocol ({@code docs/ingest-protocol.md}, schema in {@code
 * docs/protocol/ingest.schema.json}): {@code {"sdk": {...}, "traces": [...], "spans": [...]}}.
 */
final class IngestPayload {
  /** The SDK name sent with every batch. */
  static final String SDK_NAME = "nora-java";

  private IngestPayload() {}

  /** The request body for {@code batch}, naming the application's feedback service. */
  static String toJson(ExportBatch batch, String serviceUrl) {
    StringBuilder sb = new StringBuilder(256 + batch.size() * 512);
    Json json = WireFormat.to(sb);
    json.beginObject();
    json.name("sdk").beginObject().field("name", SDK_NAME).field("version", SdkVersion.get());
    json.endObject();
    json.fieldIfPresent("service_url", serviceUrl);
    json.name("traces").beginArray();
    for (Trace t : batch.traces()) {
      json.value(t);
    }
    json.endArray();
    json.name("spans").beginArray();
    for (Span s : batch.spans()) {
      json.value(s);
    }
    json.endArray();
    json.endObject();
    return sb.toString();
  }
}

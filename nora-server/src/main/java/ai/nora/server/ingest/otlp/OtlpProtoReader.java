package ai.nora.server.ingest.otlp;

import ai.nora.server.ApiException;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads OTLP/HTTP protobuf ({@code application/x-protobuf}). */
final class OtlpProtoReader {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private OtlpProtoReader() {}

  static List<OtlpSpan> read(byte[] body) {
    ExportTraceServiceRequest request;
    try {
      request = ExportTraceServiceRequest.parseFrom(body);
    } catch (InvalidProtocolBufferException e) {
      throw ApiException.badRequest("body: not an OTLP ExportTraceServiceRequest in protobuf ("
          + e.getMessage() + ")");
    }
    List<OtlpSpan> out = new ArrayList<>();
    for (ResourceSpans rs : request.getResourceSpansList()) {
      Map<String, Object> resource = attributes(rs.getResource().getAttributesList());
      for (ScopeSpans ss : rs.getScopeSpansList()) {
        String scope = ss.getScope().getName();
        for (Span s : ss.getSpansList()) {
          List<OtlpSpan.Event> events = new ArrayList<>();
          for (Span.Event e : s.getEventsList()) {
            events.add(new OtlpSpan.Event(e.getName(), e.getTimeUnixNano(),
                attributes(e.getAttributesList())));
          }
          out.add(new OtlpSpan(hex(s.getTraceId()), hex(s.getSpanId()), hex(s.getParentSpanId()),
              s.getName(), s.getKindValue(), s.getStartTimeUnixNano(), s.getEndTimeUnixNano(),
              attributes(s.getAttributesList()), events, s.getStatus().getCodeValue(),
              s.getStatus().getMessage(), resource, scope));
        }
      }
    }
    return out;
  }

  static List<OtlpLog> readLogs(byte[] body) {
    ExportLogsServiceRequest request;
    try {
      request = ExportLogsServiceRequest.parseFrom(body);
    } catch (InvalidProtocolBufferException e) {
      throw ApiException.badRequest("body: not an OTLP ExportLogsServiceRequest in protobuf ("
          + e.getMessage() + ")");
    }
    List<OtlpLog> out = new ArrayList<>();
    for (ResourceLogs rl : request.getResourceLogsList()) {
      for (ScopeLogs sl : rl.getScopeLogsList()) {
        for (LogRecord r : sl.getLogRecordsList()) {
          Map<String, Object> attributes = attributes(r.getAttributesList());
          String event = r.getEventName().isEmpty() ? String.valueOf(attributes.getOrDefault("event.name", ""))
              : r.getEventName();
          out.add(new OtlpLog(hex(r.getTraceId()), hex(r.getSpanId()),
              r.getTimeUnixNano() != 0 ? r.getTimeUnixNano() : r.getObservedTimeUnixNano(), event,
              r.hasBody() ? value(r.getBody()) : null, attributes));
        }
      }
    }
    return out;
  }

  private static Map<String, Object> attributes(List<KeyValue> list) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (KeyValue kv : list) {
      out.put(kv.getKey(), value(kv.getValue()));
    }
    return out;
  }

  private static Object value(AnyValue v) {
    switch (v.getValueCase()) {
      case STRING_VALUE:
        return v.getStringValue();
      case BOOL_VALUE:
        return v.getBoolValue();
      case INT_VALUE:
        return v.getIntValue();
      case DOUBLE_VALUE:
        return v.getDoubleValue();
      case ARRAY_VALUE:
        List<Object> items = new ArrayList<>();
        for (AnyValue item : v.getArrayValue().getValuesList()) {
          items.add(value(item));
        }
        return items;
      case KVLIST_VALUE:
        return attributes(v.getKvlistValue().getValuesList());
      case BYTES_VALUE:
        return hex(v.getBytesValue());
      default:
        return null;
    }
  }

  static String hex(ByteString bytes) {
    char[] out = new char[bytes.size() * 2];
    for (int i = 0; i < bytes.size(); i++) {
      int b = bytes.byteAt(i) & 0xFF;
      out[2 * i] = HEX[b >> 4];
      out[2 * i + 1] = HEX[b & 0xF];
    }
    return new String(out);
  }
}

package ai.nora.server.ingest.otlp;

import ai.nora.server.ingest.otlp.Convention.FlatMessages;
import ai.nora.server.ingest.otlp.Convention.Kind;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a span's attributes say, read through every {@link Convention} in order: the span type
 * (from the first kind row that matches), each {@link Field} (the first value wins), the
 * attributes collected under a prefix, and flattened messages.
 */
final class Facts {
  /** A bound on flattened indexes, so a hostile span cannot make the reader loop long. */
  private static final int MAX_INDEX = 1_000;

  final Map<Field, Object> values = new EnumMap<>(Field.class);
  final Map<Field, Map<String, Object>> collected = new EnumMap<>(Field.class);
  ArrayNode flatInput;
  ArrayNode flatOutput;
  /** The type a kind row gave, or null. */
  String type;

  static Facts read(Map<String, Object> a) {
    Facts f = new Facts();
    for (Convention c : Conventions.ALL) {
      f.readKind(c, a);
      for (Map.Entry<String, Object> e : a.entrySet()) {
        if (e.getValue() == null) {
          continue;
        }
        Field field = c.fields().get(e.getKey());
        if (field != null) {
          f.values.putIfAbsent(field, e.getValue());
        } else {
          f.collect(c, e.getKey(), e.getValue());
        }
      }
      for (FlatMessages m : c.messages()) {
        ArrayNode messages = anyKeyStartsWith(a, m.prefix()) ? flat(a, m) : null;
        if (messages != null && m.output() && f.flatOutput == null) {
          f.flatOutput = messages;
        } else if (messages != null && !m.output() && f.flatInput == null) {
          f.flatInput = messages;
        }
      }
    }
    return f;
  }

  Object get(Field field) {
    return values.get(field);
  }

  String str(Field field) {
    return Attrs.str(values.get(field));
  }

  Long num(Field field) {
    return Attrs.num(values.get(field));
  }

  private void readKind(Convention c, Map<String, Object> a) {
    if (type != null) {
      return;
    }
    for (Kind k : c.kinds()) {
      Object v = a.get(k.key());
      if (v != null && k.value().equalsIgnoreCase(v.toString())) {
        type = k.type();
        return;
      }
    }
  }

  private void collect(Convention c, String key, Object value) {
    for (Map.Entry<String, Field> p : c.prefixes().entrySet()) {
      if (key.startsWith(p.getKey()) && key.length() > p.getKey().length()) {
        collected.computeIfAbsent(p.getValue(), k -> new LinkedHashMap<>())
            .putIfAbsent(key.substring(p.getKey().length()), value);
      }
    }
  }

  private static boolean anyKeyStartsWith(Map<String, Object> a, String prefix) {
    for (String k : a.keySet()) {
      if (k.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  /** Flattened messages, index by index until one is missing; null when there are none. */
  private static ArrayNode flat(Map<String, Object> a, FlatMessages m) {
    ArrayNode out = null;
    for (int i = 0; i < MAX_INDEX; i++) {
      String base = m.prefix() + i + "." + m.item();
      Object role = a.get(base + "role");
      Object content = Attrs.first(a.get(base + "content"), a.get(base + "contents.0.message_content.text"));
      ArrayNode calls = flatCalls(a, base + m.calls(), m);
      if (role == null && content == null && calls == null) {
        return out;
      }
      if (out == null) {
        out = Attrs.F.arrayNode();
      }
      ObjectNode msg = out.addObject();
      msg.put("role", role == null ? (m.output() ? "assistant" : "user") : role.toString());
      msg.put("content", Attrs.str(content));
      String toolCallId = Attrs.str(a.get(base + "tool_call_id"));
      if (toolCallId != null) {
        msg.put("tool_call_id", toolCallId);
      }
      if (calls != null) {
        msg.set("tool_calls", calls);
      }
      String finish = Attrs.str(a.get(base + "finish_reason"));
      if (finish != null) {
        msg.put("finish_reason", finish);
      }
    }
    return out;
  }

  private static ArrayNode flatCalls(Map<String, Object> a, String prefix, FlatMessages m) {
    ArrayNode calls = null;
    for (int j = 0; j < MAX_INDEX; j++) {
      String base = prefix + j + "." + m.call();
      Object name = a.get(base + m.callName());
      Object id = a.get(base + "id");
      if (name == null && id == null) {
        return calls;
      }
      if (calls == null) {
        calls = Attrs.F.arrayNode();
      }
      calls.addObject().put("id", Attrs.str(id)).put("name", Attrs.str(name))
          .put("arguments", Attrs.str(a.get(base + m.callArguments())));
    }
    return calls;
  }
}

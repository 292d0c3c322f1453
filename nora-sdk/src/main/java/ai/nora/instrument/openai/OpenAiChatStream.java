package ai.nora.instrument.openai;

import ai.nora.instrument.LlmCall;
import ai.nora.trace.GenerationSpanData;
import ai.nora.trace.Message;
import ai.nora.trace.ToolCall;
import com.fasterxml.jackson.databind.JsonNode;
import com.openai.core.ObjectMappers;
import com.openai.models.chat.completions.ChatCompletionChunk;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Assembles streamed chat completion chunks into the output a non-streamed call would have had:
 * text per choice, tool calls pieced together by index, finish reason, usage (the last chunk
 * carries it when {@code stream_options.include_usage} was asked for). This class is internal and
 * is hence not for public use.
 */
public final class OpenAiChatStream implements ai.nora.instrument.StreamAssembler<ChatCompletionChunk> {
  private final LlmCall call;
  private final TreeMap<Integer, StringBuilder> text = new TreeMap<>();
  private final TreeMap<Integer, TreeMap<Integer, String[]>> tools = new TreeMap<>();
  private String finishReason;
  private String model;
  private String id;
  private JsonNode usage;

  public OpenAiChatStream(LlmCall call) {
    this.call = call;
  }

  /** Sees one chunk, as the user pulls it. */
  @Override
  public synchronized void onItem(ChatCompletionChunk chunk) {
    JsonNode c = ObjectMappers.jsonMapper().valueToTree(chunk);
    id = c.path("id").asText(id);
    model = c.path("model").asText(model);
    if (c.hasNonNull("usage")) {
      usage = c.get("usage");
    }
    for (JsonNode choice : c.path("choices")) {
      int index = choice.path("index").asInt();
      JsonNode delta = choice.path("delta");
      if (delta.hasNonNull("content") && !delta.get("content").asText().isEmpty()) {
        call.firstToken();
        text.computeIfAbsent(index, k -> new StringBuilder()).append(delta.get("content").asText());
      }
      for (JsonNode tc : delta.path("tool_calls")) {
        call.firstToken();
        String[] t = tools.computeIfAbsent(index, k -> new TreeMap<>())
            .computeIfAbsent(tc.path("index").asInt(), k -> new String[] {null, null, ""});
        if (tc.hasNonNull("id")) {
          t[0] = tc.get("id").asText();
        }
        JsonNode fn = tc.path("function");
        if (fn.hasNonNull("name")) {
          t[1] = fn.get("name").asText();
        }
        if (fn.hasNonNull("arguments")) {
          t[2] = t[2] + fn.get("arguments").asText();
        }
      }
      if (choice.hasNonNull("finish_reason") && (finishReason == null || index == 0)) {
        finishReason = choice.get("finish_reason").asText();
      }
    }
  }

  /** Writes what was assembled into the span data. */
  @Override
  public synchronized void fill(GenerationSpanData d) {
    d.responseId(id).responseModel(model).finishReason(finishReason);
    List<Message> output = new ArrayList<>();
    java.util.Set<Integer> indexes = new java.util.TreeSet<>(text.keySet());
    indexes.addAll(tools.keySet());
    for (int i : indexes) {
      List<ToolCall> calls = new ArrayList<>();
      tools.getOrDefault(i, new TreeMap<>()).values()
          .forEach(t -> calls.add(new ToolCall(t[0], t[1], t[2])));
      StringBuilder sb = text.get(i);
      output.add(new Message("assistant", sb == null ? null : sb.toString(), null, null, calls));
    }
    d.output(output);
    d.usage(OpenAiChatAdapter.usage(usage));
  }
}

package ai.nora.internal.instrument.openai;

import ai.nora.internal.instrument.LlmCall;
import ai.nora.internal.instrument.StreamAssembler;
import ai.nora.trace.GenerationSpanData;
import ai.nora.trace.Message;
import ai.nora.trace.ToolCall;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.completions.CompletionUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Assembles streamed chat completion chunks into the output a non-streamed call would have had:
 * text per choice, tool calls pieced together by index, finish reason, usage (the last chunk
 * carries it when {@code stream_options.include_usage} was asked for). Chunks are read through
 * the SDK's typed getters: this runs for every chunk the user pulls. This class is internal and
 * is hence not for public use.
 */
public final class OpenAiChatStream implements StreamAssembler<ChatCompletionChunk> {
  private final LlmCall call;
  private final TreeMap<Long, StringBuilder> text = new TreeMap<>();
  private final TreeMap<Long, TreeMap<Long, String[]>> tools = new TreeMap<>();
  private String finishReason;
  private String model;
  private String id;
  private CompletionUsage usage;

  public OpenAiChatStream(LlmCall call) {
    this.call = call;
  }

  /** Sees one chunk, as the user pulls it. */
  @Override
  public synchronized void onItem(ChatCompletionChunk chunk) {
    id = chunk.id();
    model = chunk.model();
    chunk.usage().ifPresent(u -> usage = u);
    for (ChatCompletionChunk.Choice choice : chunk.choices()) {
      long index = choice.index();
      ChatCompletionChunk.Choice.Delta delta = choice.delta();
      String content = delta.content().orElse(null);
      if (content != null && !content.isEmpty()) {
        call.firstToken();
        text.computeIfAbsent(index, k -> new StringBuilder()).append(content);
      }
      for (ChatCompletionChunk.Choice.Delta.ToolCall tc : delta.toolCalls().orElse(List.of())) {
        call.firstToken();
        String[] t = tools.computeIfAbsent(index, k -> new TreeMap<>())
            .computeIfAbsent(tc.index(), k -> new String[] {null, null, ""});
        tc.id().ifPresent(v -> t[0] = v);
        tc.function().ifPresent(fn -> {
          fn.name().ifPresent(v -> t[1] = v);
          fn.arguments().ifPresent(v -> t[2] = t[2] + v);
        });
      }
      if (choice.finishReason().isPresent() && (finishReason == null || index == 0)) {
        finishReason = choice.finishReason().get().asString();
      }
    }
  }

  /** Writes what was assembled into the span data. */
  @Override
  public synchronized void fill(GenerationSpanData d) {
    d.responseId(id).responseModel(model).finishReason(finishReason);
    List<Message> output = new ArrayList<>();
    TreeSet<Long> indexes = new TreeSet<>(text.keySet());
    indexes.addAll(tools.keySet());
    for (long i : indexes) {
      List<ToolCall> calls = new ArrayList<>();
      tools.getOrDefault(i, new TreeMap<>()).values()
          .forEach(t -> calls.add(new ToolCall(t[0], t[1], t[2])));
      StringBuilder sb = text.get(i);
      output.add(new Message("assistant", sb == null ? null : sb.toString(), null, null, calls));
    }
    d.output(output);
    if (usage != null) {
      d.usage(OpenAiChatAdapter.usage(usage));
    }
  }
}

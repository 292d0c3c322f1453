package ai.nora.spring;

import ai.nora.internal.instrument.LlmCall;
import ai.nora.internal.instrument.StreamedCalls;
import ai.nora.internal.Getters;
import ai.nora.trace.GenerationSpanData;
import ai.nora.trace.Message;
import ai.nora.trace.Span;
import ai.nora.trace.ToolCall;
import ai.nora.trace.Usage;
import io.micrometer.observation.Observation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.observation.ChatModelObservationContext;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.model.tool.ToolCallingChatOptions;
import org.springframework.ai.tool.ToolCallback;

/**
 * A Spring AI chat model call as a generation span, read from its observation: the prompt with
 * its options and tool definitions, the response with its usage. Spring AI reports the usage of
 * a call that follows tool executions added to the calls before it; Nora records each call's
 * own. While the call's observation scope is open, a provider SDK instrumented below (Spring AI
 * 2.0's OpenAI model runs on openai-java) stands aside: the call is recorded once. A streamed
 * call's first element, where Spring AI assembles its stream, is its time to first token. A streamed
 * call runs its tools and the call after them inside its own observation, which then reports
 * their answer: Nora records that it asked for the tools, and the call after them apart.
 */
final class SpringAiChatModel implements NoraObservationHandler.Recorder {
  static final SpringAiChatModel INSTANCE = new SpringAiChatModel();
  private static final String CALL = "nora.call";
  /** Cumulative usage Spring AI reported for calls that asked for tools, by tool call id. */
  private static final Map<String, Usage> USAGE_SO_FAR = new LinkedHashMap<>(64, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Usage> eldest) {
      return size() > 1_000;
    }
  };

  /** Tool calls a streamed call made inside itself, by its span, until it ends. */
  private static final Map<Span, List<ToolCall>> ASKED = new java.util.concurrent.ConcurrentHashMap<>();

  private SpringAiChatModel() {}

  static void askedFor(Span call, ToolCall toolCall) {
    ASKED.computeIfAbsent(call, k -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(toolCall);
  }

  @Override
  public Span start(Observation.Context context) {
    ChatModelObservationContext c = (ChatModelObservationContext) context;
    Prompt prompt = c.getRequest();
    String provider = c.getOperationMetadata() == null ? "spring_ai" : c.getOperationMetadata().provider();
    Object streaming = Getters.get(c, "isStreaming"); // Spring AI 2.0 says; 1.1 does not
    LlmCall call = LlmCall.start("chat", () -> request(prompt, provider, Boolean.TRUE.equals(streaming)));
    if (!call.isRecording()) {
      return null;
    }
    context.put(CALL, call);
    if (!Boolean.FALSE.equals(streaming)) {
      // If its stream is assembled next on this thread, the first element is the first token.
      StreamedCalls.started(call);
    }
    return call.span();
  }

  @Override
  public Object scopeOpened(Span span) {
    StreamedCalls.notStreamed(); // a call run inside its scope does not stream
    return LlmCall.standAside();
  }

  @Override
  public void scopeClosed(Object opened) {
    LlmCall.endStandAside(opened);
  }

  @Override
  public void stop(Observation.Context context, Span span) {
    LlmCall call = SpringAiSpans.succeeded(context, CALL);
    if (call == null) {
      return;
    }
    Prompt prompt = ((ChatModelObservationContext) context).getRequest();
    List<ToolCall> asked = ASKED.remove(span);
    call.succeed(((ChatModelObservationContext) context).getResponse(), (GenerationSpanData d, ChatResponse r) -> {
      response(d, r, prompt);
      if (asked != null) {
        // A streamed call that ran tools: Spring AI's observation of it holds the answer and
        // usage of the call after the tools, not its own. It asked for the tools; its own usage
        // is unknown (left out, rather than counted twice).
        d.output(List.of(Message.toolCalls(null, asked))).finishReason("tool_calls").usage(null);
      }
    });
  }

  static GenerationSpanData request(Prompt prompt, String provider, boolean stream) {
    ChatOptions o = prompt.getOptions();
    String model = o == null ? null : o.getModel();
    GenerationSpanData d = new GenerationSpanData(provider, model == null ? "unknown" : model)
        .operation("chat").stream(stream);
    if (o != null) {
      d.parameter("temperature", o.getTemperature()).parameter("top_p", o.getTopP())
          .parameter("top_k", o.getTopK()).parameter("max_tokens", o.getMaxTokens())
          .parameter("frequency_penalty", o.getFrequencyPenalty())
          .parameter("presence_penalty", o.getPresencePenalty());
      if (o.getStopSequences() != null && !o.getStopSequences().isEmpty()) {
        d.parameter("stop", List.copyOf(o.getStopSequences()));
      }
      if (o instanceof ToolCallingChatOptions && ((ToolCallingChatOptions) o).getToolCallbacks() != null) {
        List<Object> tools = new ArrayList<>();
        for (ToolCallback cb : ((ToolCallingChatOptions) o).getToolCallbacks()) {
          Map<String, Object> fn = new LinkedHashMap<>();
          fn.put("name", cb.getToolDefinition().name());
          fn.put("description", cb.getToolDefinition().description());
          fn.put("parameters", cb.getToolDefinition().inputSchema());
          tools.add(Map.of("type", "function", "function", fn));
        }
        d.tools(tools);
      }
    }
    List<Message> input = new ArrayList<>();
    for (org.springframework.ai.chat.messages.Message m : prompt.getInstructions()) {
      input.addAll(messages(m));
    }
    return d.input(input);
  }

  static List<Message> messages(org.springframework.ai.chat.messages.Message m) {
    String type = m.getMessageType() == null ? "user" : m.getMessageType().name();
    switch (type) {
      case "ASSISTANT":
        return List.of(assistant((AssistantMessage) m));
      case "TOOL":
        List<Message> out = new ArrayList<>();
        for (ToolResponseMessage.ToolResponse r : ((ToolResponseMessage) m).getResponses()) {
          out.add(Message.toolResult(r.id(), r.name(), r.responseData()));
        }
        return out;
      default:
        return List.of(Message.of(type.toLowerCase(Locale.ROOT), m.getText()));
    }
  }

  private static Message assistant(AssistantMessage a) {
    List<ToolCall> calls = new ArrayList<>();
    if (a.getToolCalls() != null) {
      for (AssistantMessage.ToolCall t : a.getToolCalls()) {
        calls.add(new ToolCall(t.id(), t.name(), t.arguments()));
      }
    }
    return new Message("assistant", a.getText(), null, null, calls);
  }

  static void response(GenerationSpanData d, ChatResponse r, Prompt prompt) {
    if (r == null) {
      return;
    }
    if (r.getMetadata() != null) {
      d.responseId(blankToNull(r.getMetadata().getId())).responseModel(blankToNull(r.getMetadata().getModel()));
    }
    List<Message> output = new ArrayList<>();
    for (Generation g : r.getResults()) {
      output.add(assistant(g.getOutput()));
      if (d.finishReason() == null && g.getMetadata() != null && g.getMetadata().getFinishReason() != null) {
        d.finishReason(g.getMetadata().getFinishReason().toLowerCase(Locale.ROOT));
      }
    }
    d.output(output);
    org.springframework.ai.chat.metadata.Usage u = r.getMetadata() == null ? null : r.getMetadata().getUsage();
    // Spring AI's sum over a tool-calling loop is a usage of its own, without the provider's.
    boolean summed = u != null && u.getNativeUsage() == null;
    d.usage(ownUsage(u == null ? null : usage(u, d.provider()), summed, prompt, output));
  }

  /**
   * Usage in Nora's terms. Anthropic counts prompt-cache reads and writes apart from its input
   * tokens; Nora's input count includes them (Spring AI 2.0 reports them on the usage, 1.1 on the
   * provider's own usage object it carries).
   */
  private static Usage usage(org.springframework.ai.chat.metadata.Usage u, String provider) {
    Long in = u.getPromptTokens() == null ? null : u.getPromptTokens().longValue();
    Long out = u.getCompletionTokens() == null ? null : u.getCompletionTokens().longValue();
    if (in == null && out == null) {
      return null;
    }
    Object nativeUsage = u.getNativeUsage();
    Long cacheRead = number(Getters.get(u, "getCacheReadInputTokens")); // Spring AI 2.0
    Long cacheWrite = number(Getters.get(u, "getCacheWriteInputTokens"));
    if (cacheRead == null && nativeUsage != null) {
      cacheRead = number(Getters.get(nativeUsage, "cacheReadInputTokens"));
      cacheWrite = number(Getters.get(nativeUsage, "cacheCreationInputTokens"));
    }
    if ("anthropic".equals(provider) && in != null) {
      in += (cacheRead == null ? 0 : cacheRead) + (cacheWrite == null ? 0 : cacheWrite);
    }
    return new Usage(in, out, null, cacheRead, "anthropic".equals(provider) ? cacheWrite : null, null);
  }

  private static Long number(Object v) {
    return v instanceof Number ? ((Number) v).longValue() : null;
  }

  /**
   * This call's own usage: what Spring AI reported, less what it reported for the call whose
   * tool calls this prompt answers (its count is cumulative over a tool-calling loop).
   */
  static Usage ownUsage(Usage reported, boolean summed, Prompt prompt, List<Message> output) {
    if (reported == null) {
      return null;
    }
    Usage before = null;
    synchronized (USAGE_SO_FAR) {
      for (org.springframework.ai.chat.messages.Message m : prompt.getInstructions()) {
        if (m instanceof ToolResponseMessage) {
          for (ToolResponseMessage.ToolResponse r : ((ToolResponseMessage) m).getResponses()) {
            Usage u = r.id() == null ? null : USAGE_SO_FAR.remove(r.id());
            before = u != null ? u : before;
          }
        }
      }
      for (Message o : output) {
        for (ToolCall t : o.toolCalls()) {
          if (t.id() != null) {
            USAGE_SO_FAR.put(t.id(), reported);
          }
        }
      }
    }
    if (before == null || !summed) {
      return reported;
    }
    return new Usage(minus(reported.inputTokens(), before.inputTokens()),
        minus(reported.outputTokens(), before.outputTokens()), null, reported.cachedTokens(),
        reported.cacheCreationTokens(), null);
  }

  private static Long minus(Long a, Long b) {
    return a == null || b == null || a < b ? a : a - b;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}

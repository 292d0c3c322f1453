package ai.nora.internal.instrument.langchain4j;

import ai.nora.internal.Getters;
import ai.nora.trace.GenerationSpanData;
import ai.nora.trace.Message;
import ai.nora.trace.ToolCall;
import ai.nora.trace.Usage;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.internal.JsonSchemaElementUtils;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.ChatResponseMetadata;
import dev.langchain4j.model.output.TokenUsage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads LangChain4j's provider-neutral chat request and response into a generation span, the
 * same for every provider module. Token counts that modules report in subclasses of {@code
 * TokenUsage} (cached, cache-creation, reasoning) are read by name, since Nora links against the
 * core only. This class is internal and is hence not for public use.
 */
final class LangChain4jChat {
  /** LangChain4j's {@code ModelProvider} names, as Nora names providers elsewhere. */
  private static final Map<String, String> PROVIDERS = Map.of(
      "OPEN_AI", "openai",
      "AZURE_OPEN_AI", "azure_openai",
      "ANTHROPIC", "anthropic",
      "GOOGLE_AI_GEMINI", "gemini",
      "GOOGLE_VERTEX_AI_GEMINI", "vertex_ai",
      "GOOGLE_VERTEX_AI_ANTHROPIC", "vertex_ai",
      "OLLAMA", "ollama",
      "MISTRAL_AI", "mistral",
      "AMAZON_BEDROCK", "bedrock",
      "OTHER", "langchain4j");

  private LangChain4jChat() {}

  static String provider(Object modelProvider) {
    if (modelProvider == null) {
      return "langchain4j";
    }
    String name = modelProvider.toString();
    return PROVIDERS.getOrDefault(name, name.toLowerCase(Locale.ROOT));
  }

  /** The span data of a request, as the model will send it (its defaults merged in). */
  static GenerationSpanData request(ChatRequest request, Object modelProvider, boolean stream) {
    ChatRequestParameters p = request.parameters();
    String model = p == null ? null : p.modelName();
    GenerationSpanData d = new GenerationSpanData(provider(modelProvider), model == null ? "unknown" : model)
        .operation("chat").stream(stream);
    if (p != null) {
      d.parameter("temperature", p.temperature()).parameter("top_p", p.topP())
          .parameter("top_k", p.topK()).parameter("frequency_penalty", p.frequencyPenalty())
          .parameter("presence_penalty", p.presencePenalty())
          .parameter("max_tokens", p.maxOutputTokens());
      if (p.stopSequences() != null && !p.stopSequences().isEmpty()) {
        d.parameter("stop", List.copyOf(p.stopSequences()));
      }
      if (p.toolChoice() != null) {
        d.parameter("tool_choice", p.toolChoice().name().toLowerCase(Locale.ROOT));
      }
      if (p.responseFormat() != null && p.responseFormat().type() != null) {
        String type = p.responseFormat().type().name().toLowerCase(Locale.ROOT);
        d.parameter("response_format", p.responseFormat().jsonSchema() != null
            && p.responseFormat().jsonSchema().name() != null
            ? type + ":" + p.responseFormat().jsonSchema().name() : type);
      }
      if (p.toolSpecifications() != null && !p.toolSpecifications().isEmpty()) {
        List<Object> tools = new ArrayList<>(p.toolSpecifications().size());
        for (ToolSpecification t : p.toolSpecifications()) {
          tools.add(tool(t));
        }
        d.tools(tools);
      }
    }
    List<Message> input = new ArrayList<>(request.messages().size());
    for (ChatMessage m : request.messages()) {
      input.add(message(m));
    }
    return d.input(input);
  }

  /** Fills in the response. */
  static void response(GenerationSpanData d, ChatResponse response) {
    if (response == null) {
      return;
    }
    ChatResponseMetadata meta = response.metadata();
    if (meta != null) {
      d.responseId(meta.id()).responseModel(meta.modelName());
      if (meta.finishReason() != null) {
        d.finishReason(finishReason(meta.finishReason().name()));
      }
      d.usage(usage(meta.tokenUsage()));
    }
    if (response.aiMessage() != null) {
      d.output(List.of(message(response.aiMessage())));
    }
  }

  static Message message(ChatMessage m) {
    String type = m.type() == null ? "" : m.type().name();
    switch (type) {
      case "SYSTEM":
        return Message.of("system", ((SystemMessage) m).text());
      case "USER":
        UserMessage u = (UserMessage) m;
        return new Message("user", userText(u), u.name(), null, List.of());
      case "AI":
        AiMessage a = (AiMessage) m;
        List<ToolCall> calls = new ArrayList<>();
        if (a.toolExecutionRequests() != null) {
          for (ToolExecutionRequest r : a.toolExecutionRequests()) {
            calls.add(new ToolCall(r.id(), r.name(), r.arguments()));
          }
        }
        return new Message("assistant", a.text(), null, null, calls);
      case "TOOL_EXECUTION_RESULT":
        ToolExecutionResultMessage t = (ToolExecutionResultMessage) m;
        return Message.toolResult(t.id(), t.toolName(), t.text());
      default:
        return Message.of(type.toLowerCase(Locale.ROOT), String.valueOf(m));
    }
  }

  private static String userText(UserMessage u) {
    if (u.contents() == null) {
      return null;
    }
    StringBuilder sb = new StringBuilder();
    for (Content c : u.contents()) {
      if (sb.length() > 0) {
        sb.append('\n');
      }
      if (c instanceof TextContent) {
        sb.append(((TextContent) c).text());
      } else {
        sb.append('[').append(c.type() == null ? "content" : c.type().name().toLowerCase(Locale.ROOT)).append(']');
      }
    }
    return sb.toString();
  }

  private static Map<String, Object> tool(ToolSpecification t) {
    Map<String, Object> fn = new LinkedHashMap<>();
    fn.put("name", t.name());
    if (t.description() != null) {
      fn.put("description", t.description());
    }
    if (t.parameters() != null) {
      fn.put("parameters", JsonSchemaElementUtils.toMap(t.parameters()));
    }
    Map<String, Object> tool = new LinkedHashMap<>();
    tool.put("type", "function");
    tool.put("function", fn);
    return tool;
  }

  /** LangChain4j's finish reasons in the words providers use. */
  static String finishReason(String name) {
    switch (name) {
      case "TOOL_EXECUTION":
        return "tool_calls";
      case "CONTENT_FILTER":
        return "content_filter";
      default:
        return name.toLowerCase(Locale.ROOT);
    }
  }

  /**
   * Usage in Nora's terms: input counts cached and cache-creation tokens (Anthropic's module
   * reports them apart), output counts reasoning tokens (Gemini's module reports thoughts apart).
   */
  static Usage usage(TokenUsage u) {
    if (u == null) {
      return null;
    }
    Long in = asLong(u.inputTokenCount());
    Long out = asLong(u.outputTokenCount());
    Long total = asLong(u.totalTokenCount());
    Long cached = null;
    Long cacheCreation = null;
    Long reasoning = null;
    Long cacheRead = asLong(Getters.get(u, "cacheReadInputTokens"));
    cacheCreation = asLong(Getters.get(u, "cacheCreationInputTokens"));
    if (cacheRead != null || cacheCreation != null) {
      cached = cacheRead;
      in = sum(in, sum(cacheRead, cacheCreation));
      total = null;
    }
    Object details = Getters.get(u, "inputTokensDetails");
    if (details != null) {
      cached = asLong(Getters.get(details, "cachedTokens"));
    }
    Object outDetails = Getters.get(u, "outputTokensDetails");
    if (outDetails != null) {
      reasoning = asLong(Getters.get(outDetails, "reasoningTokens"));
    }
    Long thoughts = asLong(Getters.get(u, "thoughtsTokenCount"));
    if (thoughts != null) {
      reasoning = thoughts;
      out = sum(out, thoughts);
    }
    Long cachedContent = asLong(Getters.get(u, "cachedContentTokenCount"));
    if (cachedContent != null) {
      cached = cachedContent;
    }
    if (in == null && out == null && total == null) {
      return null;
    }
    return new Usage(in, out, total, cached, cacheCreation, reasoning);
  }

  static Long asLong(Object v) {
    return v instanceof Number ? ((Number) v).longValue() : null;
  }

  private static Long sum(Long a, Long b) {
    return a == null ? b : b == null ? a : a + b;
  }
}

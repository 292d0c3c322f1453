package ai.nora.server.ingest.otlp;

import static ai.nora.server.ingest.otlp.Field.*;

import ai.nora.server.ingest.otlp.Convention.FlatMessages;
import ai.nora.server.ingest.otlp.Convention.Kind;
import java.util.List;
import java.util.Map;

/**
 * The conventions Nora reads, each a table, in the order they are read: Nora's own (what its
 * SDK's OTLP exporter adds), OpenInference, Langfuse, OpenLLMetry (current and the flattened
 * form of its older releases), Spring AI's observations, and the OpenTelemetry GenAI semantic
 * conventions (current and older names). A span may carry several (OpenLLMetry writes
 * {@code gen_ai.*} too): the first to give a field wins.
 */
final class Conventions {
  private Conventions() {}

  static final Convention NORA = new Convention("nora",
      List.of(
          kind("nora.span.type", "generation", "generation"),
          kind("nora.span.type", "embedding", "embedding"),
          kind("nora.span.type", "tool", "tool"),
          kind("nora.span.type", "agent", "agent"),
          kind("nora.span.type", "retrieval", "retrieval"),
          kind("nora.span.type", "group", "group"),
          kind("nora.span.type", "custom", "custom")),
      Map.of(
          "nora.input", INPUT,
          "nora.output", OUTPUT,
          "nora.metadata", METADATA,
          "nora.span.item", NORA_ITEM),
      Map.of(),
      List.of());

  static final Convention OPENINFERENCE = new Convention("openinference",
      List.of(
          kind("openinference.span.kind", "LLM", "generation"),
          kind("openinference.span.kind", "EMBEDDING", "embedding"),
          kind("openinference.span.kind", "TOOL", "tool"),
          kind("openinference.span.kind", "AGENT", "agent"),
          kind("openinference.span.kind", "CHAIN", "group"),
          kind("openinference.span.kind", "RETRIEVER", "retrieval"),
          kind("openinference.span.kind", "RERANKER", "retrieval"),
          kind("openinference.span.kind", "GUARDRAIL", "custom"),
          kind("openinference.span.kind", "EVALUATOR", "custom")),
      Map.ofEntries(
          Map.entry("llm.provider", PROVIDER),
          Map.entry("llm.system", PROVIDER),
          Map.entry("llm.model_name", RESPONSE_MODEL),
          Map.entry("embedding.model_name", RESPONSE_MODEL),
          Map.entry("llm.invocation_parameters", PARAMETERS),
          Map.entry("llm.finish_reason", FINISH_REASONS),
          Map.entry("llm.token_count.prompt", INPUT_TOKENS),
          Map.entry("llm.token_count.completion", OUTPUT_TOKENS),
          Map.entry("llm.token_count.total", TOTAL_TOKENS),
          Map.entry("llm.token_count.prompt_details.cache_read", CACHED_TOKENS),
          Map.entry("llm.token_count.prompt_details.cache_write", CACHE_CREATION_TOKENS),
          Map.entry("llm.token_count.completion_details.reasoning", REASONING_TOKENS),
          Map.entry("input.value", INPUT),
          Map.entry("output.value", OUTPUT),
          Map.entry("tool.name", TOOL_NAME),
          Map.entry("tool.description", TOOL_DESCRIPTION),
          Map.entry("tool_call.id", TOOL_CALL_ID),
          Map.entry("agent.name", AGENT_NAME),
          Map.entry("session.id", SESSION),
          Map.entry("user.id", USER),
          Map.entry("metadata", METADATA)),
      Map.of("llm.tools.", TOOL_DEFINITIONS),
      List.of(
          new FlatMessages("llm.input_messages.", "message.", "tool_calls.", "tool_call.",
              "function.name", "function.arguments", false),
          new FlatMessages("llm.output_messages.", "message.", "tool_calls.", "tool_call.",
              "function.name", "function.arguments", true)));

  static final Convention LANGFUSE = new Convention("langfuse",
      List.of(
          kind("langfuse.observation.type", "generation", "generation"),
          kind("langfuse.observation.type", "embedding", "embedding"),
          kind("langfuse.observation.type", "tool", "tool"),
          kind("langfuse.observation.type", "agent", "agent"),
          kind("langfuse.observation.type", "chain", "group"),
          kind("langfuse.observation.type", "retriever", "retrieval"),
          kind("langfuse.observation.type", "span", "custom"),
          kind("langfuse.observation.type", "event", "custom"),
          kind("langfuse.observation.type", "evaluator", "custom"),
          kind("langfuse.observation.type", "guardrail", "custom")),
      Map.ofEntries(
          Map.entry("langfuse.observation.input", INPUT),
          Map.entry("langfuse.observation.output", OUTPUT),
          Map.entry("langfuse.observation.model.name", RESPONSE_MODEL),
          Map.entry("langfuse.observation.model.parameters", PARAMETERS),
          Map.entry("langfuse.observation.usage_details", USAGE_DETAILS),
          Map.entry("langfuse.observation.completion_start_time", COMPLETION_START),
          Map.entry("langfuse.session.id", SESSION),
          Map.entry("langfuse.user.id", USER),
          Map.entry("langfuse.trace.metadata", METADATA)),
      Map.of("langfuse.observation.metadata.", METADATA),
      List.of());

  static final Convention OPENLLMETRY = new Convention("openllmetry",
      List.of(
          kind("traceloop.span.kind", "workflow", "group"),
          kind("traceloop.span.kind", "task", "group"),
          kind("traceloop.span.kind", "agent", "agent"),
          kind("traceloop.span.kind", "tool", "tool"),
          kind("llm.request.type", "chat", "generation"),
          kind("llm.request.type", "completion", "generation"),
          kind("llm.request.type", "embedding", "embedding")),
      Map.ofEntries(
          Map.entry("traceloop.entity.name", ENTITY_NAME),
          Map.entry("traceloop.entity.input", INPUT),
          Map.entry("traceloop.entity.output", OUTPUT),
          Map.entry("llm.usage.total_tokens", TOTAL_TOKENS),
          Map.entry("gen_ai.usage.cache_read_input_tokens", CACHED_TOKENS),
          Map.entry("gen_ai.usage.cache_creation_input_tokens", CACHE_CREATION_TOKENS),
          Map.entry("gen_ai.usage.reasoning_tokens", REASONING_TOKENS),
          Map.entry("llm.is_streaming", STREAM),
          Map.entry("gen_ai.is_streaming", STREAM),
          Map.entry("llm.response.finish_reason", FINISH_REASONS),
          Map.entry("traceloop.association.properties.session_id", SESSION),
          Map.entry("traceloop.association.properties.user_id", USER)),
      Map.of("llm.request.functions.", TOOL_DEFINITIONS,
          "traceloop.association.properties.", METADATA),
      List.of(
          new FlatMessages("gen_ai.prompt.", "", "tool_calls.", "", "name", "arguments", false),
          new FlatMessages("gen_ai.completion.", "", "tool_calls.", "", "name", "arguments", true)));

  static final Convention SPRING_AI = new Convention("spring-ai",
      List.of(
          kind("spring.ai.kind", "advisor", Convention.FRAMEWORK),
          kind("spring.ai.kind", "chat_client", Convention.FRAMEWORK),
          kind("spring.ai.kind", "tool_call", "tool"),
          kind("spring.ai.kind", "vector_store", "retrieval")),
      Map.of(
          "spring.ai.tool.definition.name", TOOL_NAME,
          "spring.ai.tool.definition.description", TOOL_DESCRIPTION,
          "spring.ai.tool.call.id", TOOL_CALL_ID,
          "spring.ai.tool.call.arguments", TOOL_ARGUMENTS,
          "spring.ai.tool.call.result", TOOL_RESULT),
      Map.of(),
      List.of());

  static final Convention GEN_AI = new Convention("gen_ai",
      List.of(
          kind("gen_ai.operation.name", "chat", "generation"),
          kind("gen_ai.operation.name", "text_completion", "generation"),
          kind("gen_ai.operation.name", "generate_content", "generation"),
          kind("gen_ai.operation.name", "embeddings", "embedding"),
          kind("gen_ai.operation.name", "embedding", "embedding"),
          kind("gen_ai.operation.name", "execute_tool", "tool"),
          kind("gen_ai.operation.name", "invoke_agent", "agent"),
          kind("gen_ai.operation.name", "create_agent", "agent"),
          kind("gen_ai.operation.name", "invoke_workflow", "group"),
          kind("gen_ai.operation.name", "framework", Convention.FRAMEWORK)),
      Map.ofEntries(
          Map.entry("gen_ai.operation.name", OPERATION),
          Map.entry("gen_ai.provider.name", PROVIDER),
          Map.entry("gen_ai.system", PROVIDER),
          Map.entry("gen_ai.request.model", REQUEST_MODEL),
          Map.entry("gen_ai.response.model", RESPONSE_MODEL),
          Map.entry("gen_ai.usage.input_tokens", INPUT_TOKENS),
          Map.entry("gen_ai.usage.prompt_tokens", INPUT_TOKENS),
          Map.entry("gen_ai.usage.output_tokens", OUTPUT_TOKENS),
          Map.entry("gen_ai.usage.completion_tokens", OUTPUT_TOKENS),
          Map.entry("gen_ai.usage.total_tokens", TOTAL_TOKENS),
          Map.entry("gen_ai.usage.cache_read.input_tokens", CACHED_TOKENS),
          Map.entry("gen_ai.usage.cache_creation.input_tokens", CACHE_CREATION_TOKENS),
          Map.entry("gen_ai.usage.reasoning.output_tokens", REASONING_TOKENS),
          Map.entry("gen_ai.input.messages", INPUT_MESSAGES),
          Map.entry("gen_ai.output.messages", OUTPUT_MESSAGES),
          Map.entry("gen_ai.system_instructions", SYSTEM_INSTRUCTIONS),
          Map.entry("gen_ai.response.finish_reasons", FINISH_REASONS),
          Map.entry("gen_ai.response.id", RESPONSE_ID),
          Map.entry("gen_ai.request.stream", STREAM),
          Map.entry("gen_ai.response.time_to_first_chunk", TIME_TO_FIRST_TOKEN),
          Map.entry("gen_ai.tool.name", TOOL_NAME),
          Map.entry("gen_ai.tool.description", TOOL_DESCRIPTION),
          Map.entry("gen_ai.tool.call.id", TOOL_CALL_ID),
          Map.entry("gen_ai.tool.call.arguments", TOOL_ARGUMENTS),
          Map.entry("gen_ai.tool.call.result", TOOL_RESULT),
          Map.entry("gen_ai.tool.definitions", TOOL_DEFINITIONS),
          Map.entry("gen_ai.agent.name", AGENT_NAME),
          Map.entry("gen_ai.conversation.id", SESSION),
          Map.entry("session.id", SESSION),
          Map.entry("user.id", USER),
          Map.entry("enduser.id", USER)),
      Map.of("gen_ai.request.", PARAMETERS),
      List.of());

  /** Every convention, in the order they are read. */
  static final List<Convention> ALL =
      List.of(NORA, OPENINFERENCE, LANGFUSE, OPENLLMETRY, SPRING_AI, GEN_AI);

  private static Kind kind(String key, String value, String type) {
    return new Kind(key, value, type);
  }
}

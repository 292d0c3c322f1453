package ai.nora.server.ingest.otlp;

/**
 * What a span attribute tells Nora, whatever convention named it. A convention's table maps its
 * attribute names onto these; {@link OtlpMapper} builds the span item from them.
 */
enum Field {
  /** The GenAI operation (chat, embeddings, execute_tool, ...). */
  OPERATION,
  PROVIDER,
  REQUEST_MODEL,
  RESPONSE_MODEL,
  INPUT_TOKENS,
  OUTPUT_TOKENS,
  TOTAL_TOKENS,
  CACHED_TOKENS,
  CACHE_CREATION_TOKENS,
  REASONING_TOKENS,
  /** An object of token counts by kind (Langfuse's usage details). */
  USAGE_DETAILS,
  /** An object of request parameters (OpenInference's invocation parameters, Langfuse's). */
  PARAMETERS,
  /** Messages in the GenAI parts format ({@code [{role, parts: [...]}]}). */
  INPUT_MESSAGES,
  OUTPUT_MESSAGES,
  SYSTEM_INSTRUCTIONS,
  /** Whatever the span took and gave: messages in a chat format, or any value. */
  INPUT,
  OUTPUT,
  FINISH_REASONS,
  RESPONSE_ID,
  STREAM,
  /** Time to first token, seconds. */
  TIME_TO_FIRST_TOKEN,
  /** When the first token came, as an ISO-8601 time or epoch nanoseconds. */
  COMPLETION_START,
  TOOL_NAME,
  TOOL_CALL_ID,
  TOOL_ARGUMENTS,
  TOOL_RESULT,
  TOOL_DESCRIPTION,
  /** The tools offered to the model (a JSON array of definitions). */
  TOOL_DEFINITIONS,
  AGENT_NAME,
  /** The name the instrumented code gave the unit of work (a workflow, task, chain). */
  ENTITY_NAME,
  SESSION,
  USER,
  /** An object of metadata. */
  METADATA,
  /** Nora's own span type, where the sender is Nora. */
  NORA_TYPE,
  /** A whole Nora span item (JSON), where the sender is Nora. */
  NORA_ITEM
}

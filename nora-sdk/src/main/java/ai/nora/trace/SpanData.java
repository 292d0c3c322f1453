package ai.nora.trace;

import ai.nora.internal.Json;

/**
 * What a span did, typed by kind, as in the OpenAI Agents SDK: {@link GroupSpanData} (a trace
 * group), {@link GenerationSpanData} (an LLM call), {@link EmbeddingSpanData}, {@link
 * ToolSpanData}, {@link AgentSpanData} and {@link CustomSpanData}.
 *
 * <p>Span data is filled in while its span runs, by the thread that runs it, and frozen when
 * the span ends: processors read it, never change it.
 */
public abstract class SpanData {
  SpanData() {}

  /**
   * The span's type as the ingest protocol names it: {@code group}, {@code generation}, {@code
   * embedding}, {@code tool}, {@code agent} or {@code custom}.
   */
  public abstract String type();

  /** Applies the content policy to every captured text, once, as the span ends. */
  abstract void applyPolicy(ContentPolicy policy);

  /** Writes the type-specific members of the span's ingest item. */
  abstract void writeFields(Json json);
}

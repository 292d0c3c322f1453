package ai.nora.trace;

/**
 * What a span did, typed by kind, as in the OpenAI Agents SDK: {@link GroupSpanData} (a trace
 * group), {@link GenerationSpanData} (an LLM call), {@link EmbeddingSpanData}, {@link
 * ToolSpanData}, {@link AgentSpanData} and {@link CustomSpanData}.
 *
 * <p>Span data is filled in while its span runs, by the thread that runs it, and frozen when
 * the span ends: processors read it, never change it.
 */
public abstract class SpanData {
  private volatile boolean frozen;

  SpanData() {}

  /** Ends all change: as the span ends, once the content policy and the price are applied. */
  final void freeze() {
    frozen = true;
  }

  /**
   * Whether the data may still change. Once its span has ended it may not: processors and
   * exporters hold what they were handed. A late change is ignored, and said once.
   */
  final boolean open() {
    if (frozen) {
      ai.nora.internal.NoraLog.warnOnce("spandata:frozen:" + type(), "a " + type() + " span's data"
          + " was changed after the span ended; the change is ignored (set it before ending the span)", null);
      return false;
    }
    return true;
  }

  /**
   * The span's type as the ingest protocol names it: {@code group}, {@code generation}, {@code
   * embedding}, {@code tool}, {@code agent} or {@code custom}.
   */
  public abstract String type();

  /** Applies the content policy to every captured text, once, as the span ends. */
  abstract void applyPolicy(ContentPolicy policy);
}

package ai.nora.internal.instrument;

import ai.nora.trace.GenerationSpanData;

/**
 * Pieces a provider's streamed chunks or events together into what a non-streamed call would have
 * returned. Each provider stream has one; {@link #onItem} runs as the user pulls each item, and
 * {@link #fill} once, when the call ends. This interface is internal and is hence not for public
 * use.
 *
 * @param <T> the stream's item type
 */
public interface StreamAssembler<T> {
  /** Sees one item. */
  void onItem(T item);

  /** Writes what was assembled into the span data. */
  void fill(GenerationSpanData data);
}

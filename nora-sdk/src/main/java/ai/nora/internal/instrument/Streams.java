package ai.nora.internal.instrument;

import ai.nora.internal.Throwables;
import java.lang.ref.Cleaner;
import java.util.Iterator;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Observes a provider's stream as the user pulls it, without changing what the user gets: every
 * element passes through unchanged, in order; the call ends when the stream is exhausted, closed,
 * fails, or is dropped without either (a {@link Cleaner} then ends it, so an abandoned stream is
 * not held forever). This class is internal and is hence not for public use.
 */
public final class Streams {
  private Streams() {}

  /** The shared cleaner, made on first use: its thread is a daemon. */
  private static final class Holder {
    static final Cleaner CLEANER = Cleaner.create(r -> {
      Thread t = new Thread(r, "nora-stream-cleaner");
      t.setDaemon(true);
      return t;
    });
  }

  /** Ends {@code onEnd} when {@code owner} becomes unreachable without having ended it. */
  public static void endWhenDropped(Object owner, Runnable onEnd) {
    Holder.CLEANER.register(owner, onEnd);
  }

  /**
   * {@code source}, seen element by element by {@code onItem}; {@code onEnd} runs once, when the
   * stream is exhausted or closed; {@code onError} when pulling fails (the error still reaches
   * the user). The returned stream keeps {@code owner} reachable while it is read, so that a
   * caller who keeps only the stream ({@code createStreaming(p).stream().forEach(..)}) does not
   * see the owner's {@link #endWhenDropped} end the call half-way.
   */
  public static <T> Stream<T> observe(Object owner, Stream<T> source, Consumer<T> onItem,
      Runnable onEnd, Consumer<Throwable> onError) {
    Iterator<T> it = source.iterator();
    Spliterator<T> observed = new Spliterators.AbstractSpliterator<T>(Long.MAX_VALUE, Spliterator.ORDERED) {
      @SuppressWarnings("unused") // held, never read: see above
      private final Object keepReachable = owner;

      @Override
      public boolean tryAdvance(Consumer<? super T> action) {
        T item;
        try {
          if (!it.hasNext()) {
            quietly(onEnd);
            return false;
          }
          item = it.next();
        } catch (RuntimeException | Error e) {
          try {
            onError.accept(e);
          } catch (Throwable t) {
            Throwables.propagateIfFatal(t);
          }
          throw e;
        }
        try {
          onItem.accept(item);
        } catch (Throwable t) {
          Throwables.propagateIfFatal(t);
        }
        action.accept(item);
        return true;
      }
    };
    return StreamSupport.stream(observed, false).onClose(() -> {
      try {
        source.close();
      } finally {
        quietly(onEnd);
      }
    });
  }

  static void quietly(Runnable r) {
    try {
      r.run();
    } catch (Throwable t) {
      Throwables.propagateIfFatal(t);
    }
  }
}

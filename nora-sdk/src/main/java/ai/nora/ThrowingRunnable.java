package ai.nora;

/**
 * Work that returns nothing and may throw {@code E}.
 *
 * @param <E> what the work may throw
 */
@FunctionalInterface
public interface ThrowingRunnable<E extends Throwable> {
  /** Does the work. */
  void run() throws E;
}

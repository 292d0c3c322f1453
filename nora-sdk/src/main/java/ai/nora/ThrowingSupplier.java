package ai.nora;

/**
 * Work that returns a value and may throw {@code E}, so that {@link Nora#traceGroup(String,
 * ThrowingSupplier)} passes checked exceptions through without wrapping them.
 *
 * @param <T> the result type
 * @param <E> what the work may throw
 */
@FunctionalInterface
public interface ThrowingSupplier<T, E extends Throwable> {
  /** Does the work. */
  T get() throws E;
}

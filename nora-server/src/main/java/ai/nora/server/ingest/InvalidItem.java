package ai.nora.server.ingest;

/**
 * One item is refused; the message says what is wrong and where, relative to the item
 * ({@code usage.total_tokens: ...}). Each way in prefixes it with the item's place in its request.
 */
public final class InvalidItem extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public InvalidItem(String message) {
    super(message, null, false, false);
  }
}

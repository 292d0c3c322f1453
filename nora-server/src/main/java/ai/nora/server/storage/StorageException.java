package ai.nora.server.storage;

/** A database operation failed; nothing of it was stored. */
public final class StorageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StorageException(String message, Throwable cause) {
    super(message, cause);
  }
}

package ai.nora.server.storage.jdbc;

/** A database operation failed; nothing of it was stored. */
public final class StorageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  StorageException(String message, Throwable cause) {
    super(message, cause);
  }
}

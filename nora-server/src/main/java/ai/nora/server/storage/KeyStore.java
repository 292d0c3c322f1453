package ai.nora.server.storage;

import java.util.List;
import java.util.Optional;

/** Projects and their API keys. Keys are stored as SHA-256 hashes only. */
public interface KeyStore {
  /** A project. */
  record Project(String id, String name, long createdUs) {}

  /** A key, without its secret. */
  record ApiKey(
      String id, String projectId, String name, String prefix, long createdUs, Long revokedUs) {}

  /** Creates the project if absent; returns it. */
  Project ensureProject(String id, String name);

  /** Every project. */
  List<Project> projects();

  /** Stores a key by its hash; false when that hash exists already. */
  boolean addKey(ApiKey key, String keyHash);

  /** The project of the live key with this hash. */
  Optional<String> projectOfKeyHash(String keyHash);

  /** Every key, revoked ones included. */
  List<ApiKey> keys();

  /** Revokes the key with this id (or id prefix); false when none matched. */
  boolean revokeKey(String idOrPrefix, long nowUs);
}

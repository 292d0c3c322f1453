package ai.nora.server;

import ai.nora.server.storage.KeyStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * API keys: made from 32 random bytes, stored only as their SHA-256, checked by hash. A key's
 * project is cached for {@value #CACHE_MILLIS} ms, so a key revoked from the command line stops
 * working within that time without a restart.
 */
public final class ApiKeys {
  static final long CACHE_MILLIS = 30_000;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final KeyStore keys;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  private final long cacheMillis;

  public ApiKeys(KeyStore keys) {
    this(keys, CACHE_MILLIS);
  }

  /** Keys whose projects are cached for {@code cacheMillis} (tests use a short time). */
  public ApiKeys(KeyStore keys, long cacheMillis) {
    this.keys = keys;
    this.cacheMillis = cacheMillis;
  }

  private record Cached(String projectId, byte[] hash, long expiresAt) {}

  /** A new key's secret: {@code nora_} and 43 URL-safe characters. */
  public static String newSecret() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return "nora_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** Hex SHA-256 of a key. */
  public static String hash(String secret) {
    try {
      return HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Stores {@code secret} as a key of {@code projectId}; false when it exists already. */
  public boolean add(String projectId, String name, String secret, long nowUs) {
    String id = "key_" + HexFormat.of().formatHex(randomBytes(6));
    String prefix = secret.substring(0, Math.min(12, secret.length()));
    return keys.addKey(new KeyStore.ApiKey(id, projectId, name, prefix, nowUs, null), hash(secret));
  }

  /** The project of a live key, or empty. */
  public Optional<String> projectOf(String secret) {
    if (secret == null || secret.isBlank() || secret.length() > 512) {
      return Optional.empty();
    }
    return projectOfHash(hash(secret));
  }

  /**
   * The project of the live key with this hash, or empty: how a dashboard session, which keeps
   * its key's hash and never the key, ends within {@value #CACHE_MILLIS} ms of a revocation.
   */
  public Optional<String> projectOfHash(String hash) {
    long now = System.currentTimeMillis();
    Cached hit = cache.get(hash);
    // The cache is keyed by the hash; comparing the stored hash in constant time keeps timing
    // from telling anything even if a lookup were ever made by a shorter key.
    if (hit != null && hit.expiresAt() > now
        && MessageDigest.isEqual(hit.hash(), hash.getBytes(StandardCharsets.US_ASCII))) {
      return Optional.of(hit.projectId());
    }
    Optional<String> project = keys.projectOfKeyHash(hash);
    if (project.isPresent()) {
      if (cache.size() > 10_000) {
        cache.clear();
      }
      cache.put(hash, new Cached(project.get(), hash.getBytes(StandardCharsets.US_ASCII),
          now + cacheMillis));
    } else {
      cache.remove(hash);
    }
    return project;
  }

  /**
   * The project of a key known live without asking the database, or empty: what an address
   * that failed too often may still use (its good keys), while its guesses cost nothing.
   */
  public Optional<String> cachedProjectOf(String secret) {
    if (secret == null || secret.isBlank() || secret.length() > 512) {
      return Optional.empty();
    }
    Cached hit = cache.get(hash(secret));
    return hit != null && hit.expiresAt() > System.currentTimeMillis()
        ? Optional.of(hit.projectId()) : Optional.empty();
  }

  private static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }
}

package ai.nora.server.ui;

import ai.nora.server.ApiKeys;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Dashboard sign-ins: a random token per sign-in, kept in memory with its project (or none, for
 * the administrator, who may switch projects) and an expiry. Restarting the server signs everyone
 * out, which is the safe direction. Bounded: past {@link #MAX} live sessions the oldest go first.
 */
public final class UiSessions {
  /** Most sessions held at once. */
  static final int MAX = 10_000;
  public static final Duration TTL = Duration.ofHours(12);
  private static final SecureRandom RANDOM = new SecureRandom();

  /**
   * One sign-in.
   *
   * @param projectId the key's project, or null for the administrator (every project)
   * @param keyHash the hash of the key signed in with (checked on every use, so a revoked key's
   *     sessions end), or null for the administrator
   * @param expiresAtMs when it ends
   */
  public record Session(String projectId, String keyHash, long expiresAtMs) {
    public boolean admin() {
      return projectId == null;
    }
  }

  private final Map<String, Session> sessions = new ConcurrentHashMap<>();
  private final ApiKeys keys;

  public UiSessions(ApiKeys keys) {
    this.keys = keys;
  }

  /** Starts a session; returns its token. */
  public String open(String projectId, String keyHash) {
    if (sessions.size() >= MAX) {
      sessions.entrySet().stream().min(Map.Entry.comparingByValue(
          java.util.Comparator.comparingLong(Session::expiresAtMs))).ifPresent(e -> sessions.remove(e.getKey()));
    }
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    sessions.put(token, new Session(projectId, keyHash, System.currentTimeMillis() + TTL.toMillis()));
    return token;
  }

  /**
   * The live session of a token: not expired, and signed in with a key that is still live (a
   * revoked key's sessions end within the key cache's 30 s).
   */
  public Optional<Session> find(String token) {
    if (token == null) {
      return Optional.empty();
    }
    Session s = sessions.get(token);
    if (s == null) {
      return Optional.empty();
    }
    if (s.expiresAtMs() < System.currentTimeMillis()
        || s.keyHash() != null && keys.projectOfHash(s.keyHash()).isEmpty()) {
      sessions.remove(token);
      return Optional.empty();
    }
    return Optional.of(s);
  }

  public void close(String token) {
    if (token != null) {
      sessions.remove(token);
    }
  }
}

package ai.nora.internal;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Nora's logging: {@link System.Logger} (no logging library needed), every line prefixed with
 * {@code [nora]}, and "once" variants so that a problem that repeats on every call (a dead
 * backend, a bad key) is reported once instead of flooding the host's logs. This class is
 * internal and is hence not for public use.
 */
public final class NoraLog {
  private static final Logger LOGGER = System.getLogger("ai.nora");
  private static final Set<String> SAID = ConcurrentHashMap.newKeySet();
  private static final int MAX_KEYS = 1024;

  private NoraLog() {}

  /** Logs a warning. */
  public static void warn(String message) {
    log(Level.WARNING, message, null);
  }

  /** Logs a warning with its cause. */
  public static void warn(String message, Throwable cause) {
    log(Level.WARNING, message, cause);
  }

  /** Logs an informational line. */
  public static void info(String message) {
    log(Level.INFO, message, null);
  }

  /** Logs a debug line. */
  public static void debug(String message, Throwable cause) {
    log(Level.DEBUG, message, cause);
  }

  /**
   * Logs a warning the first time {@code key} is seen; later calls with the same key log at
   * debug level only.
   */
  public static void warnOnce(String key, String message, Throwable cause) {
    if (SAID.size() < MAX_KEYS ? SAID.add(key) : false) {
      log(Level.WARNING, message, cause);
    } else {
      log(Level.DEBUG, message, cause);
    }
  }

  /** Forgets which keys were said, so that a new {@code Nora.init} reports problems anew. */
  public static void resetOnce() {
    SAID.clear();
  }

  private static void log(Level level, String message, Throwable cause) {
    try {
      if (!LOGGER.isLoggable(level)) {
        return;
      }
      String text = "[nora] " + message;
      if (cause == null) {
        LOGGER.log(level, text);
      } else {
        LOGGER.log(level, text, cause);
      }
    } catch (Throwable t) {
      // A broken logging backend is the host's problem; Nora must not make it worse.
      Throwables.propagateIfFatal(t);
    }
  }
}

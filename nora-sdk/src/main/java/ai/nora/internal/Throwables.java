package ai.nora.internal;

/**
 * Which throwables Nora may swallow. This class is internal and is hence not for public use.
 */
public final class Throwables {
  private Throwables() {}

  /**
   * Rethrows the errors that no code should swallow: a JVM out of memory or stack. Everything
   * else Nora catches, logs and survives, linkage errors included: a provider SDK of a version
   * Nora was not built against ({@code NoSuchMethodError}, {@code NoClassDefFoundError} in an
   * adapter) must cost a log line, never the application's call.
   */
  public static void propagateIfFatal(Throwable t) {
    if (t instanceof VirtualMachineError) {
      throw (VirtualMachineError) t;
    }
  }
}

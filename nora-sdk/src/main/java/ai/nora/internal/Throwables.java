package ai.nora.internal;

/**
 * Which throwables Nora may swallow. This class is internal and is hence not for public use.
 */
public final class Throwables {
  private Throwables() {}

  /**
   * Rethrows the errors that no code should swallow: a JVM out of memory or stack, or broken
   * class loading. Everything else Nora catches, logs and survives.
   */
  public static void propagateIfFatal(Throwable t) {
    if (t instanceof VirtualMachineError) {
      throw (VirtualMachineError) t;
    }
    if (t instanceof LinkageError) {
      throw (LinkageError) t;
    }
  }
}

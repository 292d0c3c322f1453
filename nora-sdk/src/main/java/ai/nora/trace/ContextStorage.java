package ai.nora.trace;

/**
 * Which context is current on each thread: a chain of activations, the newest on top.
 *
 * <p>Closing an activation that is not on top (groups closed out of order, or a scope closed
 * from another thread) only marks it closed; the chain skips closed activations whenever it is
 * read, so the thread always comes back to the newest context still open, and a thread whose
 * activations are all closed holds no reference to any trace (pool threads do not leak).
 */
final class ContextStorage {
  private static final ThreadLocal<Activation> CURRENT = new ThreadLocal<>();

  private ContextStorage() {}

  static TraceContext current() {
    Activation top = liveTop();
    return top == null ? TraceContext.ROOT : top.context;
  }

  static Scope attach(TraceContext context) {
    Activation a = new Activation(context, liveTop(), Thread.currentThread());
    CURRENT.set(a);
    return a;
  }

  private static Activation liveTop() {
    Activation top = CURRENT.get();
    if (top == null || !top.closed) {
      return top;
    }
    while (top != null && top.closed) {
      top = top.previous;
    }
    if (top == null) {
      CURRENT.remove();
    } else {
      CURRENT.set(top);
    }
    return top;
  }

  private static final class Activation implements Scope {
    final TraceContext context;
    final Activation previous;
    final Thread owner;
    volatile boolean closed;

    Activation(TraceContext context, Activation previous, Thread owner) {
      this.context = context;
      this.previous = previous;
      this.owner = owner;
    }

    @Override
    public void close() {
      closed = true;
      if (Thread.currentThread() == owner && CURRENT.get() == this) {
        liveTop();
      }
    }
  }
}

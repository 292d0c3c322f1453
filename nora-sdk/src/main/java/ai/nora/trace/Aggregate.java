package ai.nora.trace;

/**
 * Running totals over the LLM calls inside a trace or group: calls, usage, cost and errors.
 * Thread-safe: calls made on other threads add to the same totals.
 */
public final class Aggregate {
  private int calls;
  private int errors;
  private Usage usage;
  private double cost;
  private boolean costKnown;

  Aggregate() {}

  synchronized void add(Usage u, Double c, boolean error, boolean isCall) {
    if (isCall) {
      calls++;
    }
    if (error) {
      errors++;
    }
    if (u != null) {
      usage = usage == null ? u : usage.plus(u);
    }
    if (c != null) {
      cost += c;
      costKnown = true;
    }
  }

  /** The number of LLM calls (generations and embeddings). */
  public synchronized int calls() {
    return calls;
  }

  /** The number of spans that ended with an error. */
  public synchronized int errors() {
    return errors;
  }

  /** The summed usage, or null when no call reported any. */
  public synchronized Usage usage() {
    return usage;
  }

  /** The total tokens, 0 when none were reported. */
  public synchronized long totalTokens() {
    Long t = usage == null ? null : usage.total();
    return t == null ? 0L : t;
  }

  /** The summed cost in USD, or null when no call had a known cost. */
  public synchronized Double cost() {
    return costKnown ? cost : null;
  }
}

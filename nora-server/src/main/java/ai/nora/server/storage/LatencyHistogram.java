package ai.nora.server.storage;

/**
 * Latencies counted in {@value #BUCKETS} buckets whose bounds grow by a factor of √2, from 1 ms
 * to about 12 minutes (longer calls count in the last): what the per-minute call rollups keep, so
 * that percentiles over any range add up from a few rows. A percentile is interpolated within
 * its bucket: it is within one bucket (a factor of √2) of the exact one, and usually far closer.
 */
public final class LatencyHistogram {
  public static final int BUCKETS = 40;

  private LatencyHistogram() {}

  /** The bucket of a duration. */
  public static int bucketOf(long durationUs) {
    double ms = durationUs / 1000.0;
    if (ms < Math.sqrt(2)) {
      return 0;
    }
    int i = (int) Math.floor(2 * Math.log(ms) / Math.log(2));
    return Math.min(BUCKETS - 1, Math.max(0, i));
  }

  /** The lower bound of bucket {@code i}, in seconds. */
  static double lowerSeconds(int i) {
    return i == 0 ? 0 : Math.pow(2, i / 2.0) / 1000.0;
  }

  /**
   * The nearest-rank percentile {@code p} of the counts, in seconds, interpolated within its
   * bucket; null for no calls.
   */
  public static Double percentile(long[] counts, double p) {
    long total = 0;
    for (long c : counts) {
      total += c;
    }
    if (total == 0) {
      return null;
    }
    long rank = Math.max(1, (long) Math.ceil(p * total));
    long seen = 0;
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] > 0 && seen + counts[i] >= rank) {
        double within = (rank - seen - 0.5) / counts[i];
        double lo = lowerSeconds(i);
        double hi = lowerSeconds(i + 1);
        return lo + within * (hi - lo);
      }
      seen += counts[i];
    }
    return lowerSeconds(counts.length - 1);
  }
}

package ai.nora.server.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.Test;

/** Percentiles from the rollups' histograms stay within a bucket's width of the exact ones. */
class LatencyHistogramTest {
  @Test
  void percentiles_areWithinABucketsWidth_ofTheExactOnes_overFourOrdersOfMagnitude() {
    Random random = new Random(42);
    for (int round = 0; round < 20; round++) {
      long[] durations = new long[1 + random.nextInt(5_000)];
      long[] counts = new long[LatencyHistogram.BUCKETS];
      for (int i = 0; i < durations.length; i++) {
        // From 2 ms to 200 s, spread evenly in log scale, as LLM calls are.
        durations[i] = (long) (2_000 * Math.pow(10, 5 * random.nextDouble()));
        counts[LatencyHistogram.bucketOf(durations[i])]++;
      }
      Arrays.sort(durations);
      for (double p : new double[] {0.5, 0.95, 0.99}) {
        double exact = durations[Math.max(0, (int) Math.ceil(p * durations.length) - 1)] / 1e6;
        assertThat(LatencyHistogram.percentile(counts, p)).as("p%s of %d calls", p, durations.length)
            .isCloseTo(exact, Percentage.withPercentage(42));
      }
    }
  }

  @Test
  void noCalls_noPercentile_andTheBoundsHoldAtTheEnds() {
    assertThat(LatencyHistogram.percentile(new long[LatencyHistogram.BUCKETS], 0.5)).isNull();
    assertThat(LatencyHistogram.bucketOf(0)).isZero();
    assertThat(LatencyHistogram.bucketOf(Long.MAX_VALUE)).isEqualTo(LatencyHistogram.BUCKETS - 1);
    assertThat(LatencyHistogram.bucketOf(1_000_000)).isEqualTo(19); // 1 s: [2^9.5 ms, 2^10 ms)
  }
}

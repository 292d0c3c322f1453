package ai.nora.trace;

/**
 * Token usage of one LLM call, normalised across providers. Any count may be null when the
 * provider did not report it.
 *
 * <p>{@code inputTokens} counts every input token, cached and cache-creation tokens included
 * (as OpenAI reports it; adapters add Anthropic's separate cache counts in). {@code
 * outputTokens} counts every output token, reasoning tokens included (adapters add Gemini's
 * separate thoughts count in). So {@code cachedTokens} and {@code reasoningTokens} are parts of
 * those totals, never extra.
 *
 * @param inputTokens input tokens, cached ones included
 * @param outputTokens output tokens, reasoning ones included
 * @param totalTokens the total, or null to derive it
 * @param cachedTokens input tokens read from the provider's prompt cache
 * @param cacheCreationTokens input tokens written to the provider's prompt cache
 * @param reasoningTokens output tokens spent on reasoning ("thinking")
 */
public record Usage(
    Long inputTokens,
    Long outputTokens,
    Long totalTokens,
    Long cachedTokens,
    Long cacheCreationTokens,
    Long reasoningTokens)
    {

  /** The counts a price table prices by. */
  public ai.nora.cost.Tokens tokens() {
    return new ai.nora.cost.Tokens(inputTokens, outputTokens, cachedTokens, cacheCreationTokens);
  }

  /** Usage with only input and output counts; the total is their sum. */
  public static Usage of(long inputTokens, long outputTokens) {
    return new Usage(inputTokens, outputTokens, inputTokens + outputTokens, null, null, null);
  }

  /** The total: as reported, or else input plus output where both are known. */
  public Long total() {
    if (totalTokens != null) {
      return totalTokens;
    }
    if (inputTokens == null && outputTokens == null) {
      return null;
    }
    return orZero(inputTokens) + orZero(outputTokens);
  }

  /** This usage with {@code other} added, count by count. */
  public Usage plus(Usage other) {
    if (other == null) {
      return this;
    }
    return new Usage(
        add(inputTokens, other.inputTokens),
        add(outputTokens, other.outputTokens),
        add(total(), other.total()),
        add(cachedTokens, other.cachedTokens),
        add(cacheCreationTokens, other.cacheCreationTokens),
        add(reasoningTokens, other.reasoningTokens));
  }

  static long orZero(Long v) {
    return v == null ? 0L : v;
  }

  private static Long add(Long a, Long b) {
    if (a == null) {
      return b;
    }
    return b == null ? a : a + b;
  }
}

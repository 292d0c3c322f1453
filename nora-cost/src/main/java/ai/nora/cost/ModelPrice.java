package ai.nora.cost;

/**
 * A model's prices in USD per million tokens.
 *
 * @param input uncached input tokens
 * @param cachedInput input tokens read from the prompt cache
 * @param output output tokens, reasoning tokens included
 * @param cacheWrite input tokens written to the prompt cache
 */
public record ModelPrice(double input, double cachedInput, double output, double cacheWrite) {

  /** Validates that no price is negative or not a number. */
  public ModelPrice {
    check("input", input);
    check("cachedInput", cachedInput);
    check("output", output);
    check("cacheWrite", cacheWrite);
  }

  /** A price with no cache discount: cached and cache-write tokens cost as input. */
  public static ModelPrice of(double input, double output) {
    return new ModelPrice(input, input, output, input);
  }

  private static void check(String name, double value) {
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(name + " price must be a number >= 0, was " + value);
    }
  }
}

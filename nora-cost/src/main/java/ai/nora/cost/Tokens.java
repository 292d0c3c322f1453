package ai.nora.cost;

/**
 * The token counts a call is priced by. Input counts every input token, cached and
 * cache-written ones included; {@code cached} and {@code cacheCreation} say how many of them
 * were read from or written to the provider's prompt cache. A count may be null (not reported).
 *
 * @param input input tokens, cached ones included
 * @param output output tokens
 * @param cached input tokens read from the prompt cache
 * @param cacheCreation input tokens written to the prompt cache
 */
public record Tokens(Long input, Long output, Long cached, Long cacheCreation) {
  /** Input and output only. */
  public static Tokens of(long input, long output) {
    return new Tokens(input, output, null, null);
  }
}

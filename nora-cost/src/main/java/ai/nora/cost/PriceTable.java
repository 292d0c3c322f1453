package ai.nora.cost;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Prices of LLM models, and the cost of a call from its usage.
 *
 * <p>The bundled table ({@code ai/nora/cost/prices.csv}, documented in {@code docs/cost.md})
 * covers current OpenAI, Anthropic and Gemini models. A model name matches an entry exactly, or
 * as a dated or versioned variant of it: {@code gpt-4o-mini-2024-07-18}, {@code
 * claude-sonnet-4-5-20250929}, {@code models/gemini-2.0-flash-001}, {@code
 * gemini-2.5-flash-preview-05-20}. A name that matches nothing has no cost (null), never a
 * guessed one. Override or add prices with {@link #builder()}:
 *
 * <pre>{@code
 * PriceTable prices = PriceTable.builder()
 *     .putAll(PriceTable.bundled())
 *     .put("my-fine-tune", ModelPrice.of(3.0, 12.0))
 *     .build();
 * }</pre>
 */
public final class PriceTable {
  private static final Pattern VARIANT_SUFFIX =
      Pattern.compile(
          "-\\d{4}-\\d{2}-\\d{2}|-\\d{8}|-\\d{3,4}|-latest|-exp(-[\\w.-]+)?"
              + "|-preview(-[\\w.-]+)?|@[\\w.-]+");
  private static final int MAX_CACHED_NAMES = 4096;
  private static final ModelPrice NONE = ModelPrice.of(0, 0);

  private final Map<String, ModelPrice> prices;
  private final Map<String, ModelPrice> resolved = new ConcurrentHashMap<>();

  private PriceTable(Map<String, ModelPrice> prices) {
    this.prices = Collections.unmodifiableMap(new LinkedHashMap<>(prices));
  }

  /** The table bundled with Nora. */
  public static PriceTable bundled() {
    return Bundled.TABLE;
  }

  /** A table with no prices: nothing is costed. */
  public static PriceTable empty() {
    return new PriceTable(Map.of());
  }

  /** A builder for a table of your own. */
  public static Builder builder() {
    return new Builder();
  }

  /** Every entry, by model name. */
  public Map<String, ModelPrice> entries() {
    return prices;
  }

  /** The price of {@code model}, matched as described above, or null. */
  public ModelPrice find(String model) {
    if (model == null || model.isBlank()) {
      return null;
    }
    ModelPrice hit = resolved.get(model);
    if (hit == null) {
      hit = lookup(model);
      if (resolved.size() < MAX_CACHED_NAMES) {
        resolved.put(model, hit == null ? NONE : hit);
      }
    }
    return hit == NONE ? null : hit;
  }

  /**
   * What a call cost in USD, or null when the model is unknown or the usage reports no tokens.
   * Input tokens are counted as uncached, cached and cache-written (see {@link Tokens}); output
   * tokens include reasoning tokens.
   *
   * @param provider the provider (reserved for tables that price by provider; may be null)
   * @param model the model name
   * @param usage the call's usage
   */
  public Double cost(String provider, String model, Tokens usage) {
    if (usage == null || (usage.input() == null && usage.output() == null)) {
      return null;
    }
    ModelPrice p = find(model);
    if (p == null) {
      return null;
    }
    long in = orZero(usage.input());
    long cached = orZero(usage.cached());
    long written = orZero(usage.cacheCreation());
    long uncached = Math.max(0, in - cached - written);
    double micro =
        uncached * p.input()
            + cached * p.cachedInput()
            + written * p.cacheWrite()
            + orZero(usage.output()) * p.output();
    return micro / 1_000_000.0;
  }

  private ModelPrice lookup(String model) {
    String name = model.trim().toLowerCase(Locale.ROOT);
    int slash = name.lastIndexOf('/');
    if (slash >= 0) {
      name = name.substring(slash + 1); // "models/gemini-2.0-flash", "openai/gpt-4o"
    }
    ModelPrice exact = prices.get(name);
    if (exact != null) {
      return exact;
    }
    String best = null;
    for (String key : prices.keySet()) {
      if (name.startsWith(key)
          && (best == null || key.length() > best.length())
          && VARIANT_SUFFIX.matcher(name.substring(key.length())).matches()) {
        best = key;
      }
    }
    return best == null ? null : prices.get(best);
  }

  private static long orZero(Long v) {
    return v == null ? 0L : v;
  }

  /** Builds a {@link PriceTable}. Model names are matched without regard to case. */
  public static final class Builder {
    private final Map<String, ModelPrice> prices = new LinkedHashMap<>();

    private Builder() {}

    /** Adds or replaces the price of {@code model}. */
    public Builder put(String model, ModelPrice price) {
      Objects.requireNonNull(model, "model");
      Objects.requireNonNull(price, "price");
      prices.put(model.trim().toLowerCase(Locale.ROOT), price);
      return this;
    }

    /** Adds or replaces every entry of {@code table}. */
    public Builder putAll(PriceTable table) {
      table.entries().forEach(this::put);
      return this;
    }

    /**
     * Adds the entries of a CSV text: a header line, then {@code
     * provider,model,input,cached_input,output,cache_write} per line, prices in USD per million
     * tokens; an empty cached or cache-write price means the input price. Lines starting with
     * {@code #} are comments.
     *
     * @throws IllegalArgumentException naming the line that is malformed
     */
    public Builder loadCsv(Reader csv) {
      try (BufferedReader in = new BufferedReader(csv)) {
        String line;
        int number = 0;
        boolean header = true;
        while ((line = in.readLine()) != null) {
          number++;
          String t = line.strip();
          if (t.isEmpty() || t.startsWith("#")) {
            continue;
          }
          if (header) {
            header = false;
            continue;
          }
          parseLine(t, number);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return this;
    }

    private void parseLine(String line, int number) {
      String[] f = line.split(",", -1);
      if (f.length != 6) {
        throw new IllegalArgumentException(
            "price table line " + number + ": expected 6 fields, found " + f.length);
      }
      try {
        double input = Double.parseDouble(f[2].strip());
        double cached = f[3].isBlank() ? input : Double.parseDouble(f[3].strip());
        double output = Double.parseDouble(f[4].strip());
        double write = f[5].isBlank() ? input : Double.parseDouble(f[5].strip());
        put(f[1].strip(), new ModelPrice(input, cached, output, write));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "price table line " + number + ": " + e.getMessage(), e);
      }
    }

    /** The table. */
    public PriceTable build() {
      return new PriceTable(prices);
    }
  }

  private static final class Bundled {
    static final PriceTable TABLE = load();

    private static PriceTable load() {
      InputStream in = PriceTable.class.getResourceAsStream("prices.csv");
      if (in == null) {
        return empty();
      }
      return builder().loadCsv(new InputStreamReader(in, StandardCharsets.UTF_8)).build();
    }
  }
}

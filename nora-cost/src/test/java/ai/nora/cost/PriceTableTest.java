package ai.nora.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.io.StringReader;
import org.junit.jupiter.api.Test;

class PriceTableTest {
  private final PriceTable prices = PriceTable.bundled();

  @Test
  void datedAndVersionedVariants_matchTheirModel() {
    assertThat(prices.find("gpt-4o-mini-2024-07-18")).isEqualTo(prices.find("gpt-4o-mini"));
    assertThat(prices.find("claude-sonnet-4-5-20250929")).isEqualTo(prices.find("claude-sonnet-4-5"));
    assertThat(prices.find("claude-3-5-sonnet-20241022")).isEqualTo(prices.find("claude-3-5-sonnet"));
    assertThat(prices.find("models/gemini-2.0-flash-001")).isEqualTo(prices.find("gemini-2.0-flash"));
    assertThat(prices.find("gemini-2.5-flash-preview-05-20")).isEqualTo(prices.find("gemini-2.5-flash"));
    assertThat(prices.find("gemini-2.0-flash-exp")).isEqualTo(prices.find("gemini-2.0-flash"));
    assertThat(prices.find("GPT-4o")).isEqualTo(prices.find("gpt-4o"));
  }

  @Test
  void theLongestModelNameWins_andOtherModelsDoNotBleedIn() {
    assertThat(prices.find("gpt-4o-mini").input()).isEqualTo(0.15);
    assertThat(prices.find("gpt-4o").input()).isEqualTo(2.50);
    assertThat(prices.find("gpt-4o-2024-05-13").input()).isEqualTo(5.00); // its own entry
    assertThat(prices.find("gpt-4o-2024-08-06").input()).isEqualTo(2.50);
    assertThat(prices.find("gpt-4-0613").input()).isEqualTo(30.00);
    assertThat(prices.find("gemini-2.5-flash-lite").input()).isEqualTo(0.10);
  }

  @Test
  void unknownModels_haveNoCostNeverAGuessedOne() {
    assertThat(prices.find("gpt-4o-audio-preview-x")).isNull();
    assertThat(prices.find("my-local-llama")).isNull();
    assertThat(prices.find("gpt-4ox")).isNull();
    assertThat(prices.find(null)).isNull();
    assertThat(prices.cost("openai", "my-local-llama", Tokens.of(100, 100))).isNull();
  }

  @Test
  void cachedAndReasoningTokens_arePricedAsTheProviderBills() {
    // gpt-4o: 2.50 in, 1.25 cached, 10.00 out. 1000 input of which 400 cached; 500 output
    // of which 200 reasoning (reasoning is part of output, billed as output).
    Tokens usage = new Tokens(1000L, 500L, 400L, null);
    double expected = (600 * 2.50 + 400 * 1.25 + 500 * 10.00) / 1e6;

    assertThat(prices.cost("openai", "gpt-4o-2024-08-06", usage)).isCloseTo(expected, offset(1e-12));
  }

  @Test
  void anthropicCacheWrites_costMoreThanInput() {
    // claude-sonnet-4-5: 3.00 in, 0.30 cache read, 3.75 cache write, 15.00 out
    Tokens usage = new Tokens(2000L, 100L, 1000L, 500L);
    double expected = (500 * 3.00 + 1000 * 0.30 + 500 * 3.75 + 100 * 15.00) / 1e6;

    assertThat(prices.cost("anthropic", "claude-sonnet-4-5", usage)).isCloseTo(expected, offset(1e-12));
  }

  @Test
  void usersCanOverrideAndAddPrices() {
    PriceTable mine =
        PriceTable.builder()
            .putAll(prices)
            .put("gpt-4o-mini", ModelPrice.of(1.0, 2.0))
            .put("acme-large", ModelPrice.of(3.0, 12.0))
            .build();

    assertThat(mine.cost("openai", "gpt-4o-mini-2024-07-18", Tokens.of(1_000_000, 0))).isEqualTo(1.0);
    assertThat(mine.cost("acme", "acme-large", Tokens.of(0, 1_000_000))).isEqualTo(12.0);
  }

  @Test
  void malformedCsv_namesTheLine() {
    String csv = "provider,model,input,cached_input,output,cache_write\nopenai,x,abc,,1,\n";

    assertThatThrownBy(() -> PriceTable.builder().loadCsv(new StringReader(csv)))
        .hasMessageContaining("line 2");
  }

  @Test
  void theBundledTable_coversTheThreeProviders() {
    assertThat(prices.entries()).containsKeys("gpt-4o", "gpt-4.1", "o3", "claude-opus-4-5",
        "claude-haiku-4-5", "gemini-2.5-pro", "gemini-2.0-flash", "text-embedding-3-small");
  }
}

package ai.nora;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NoraConfigTest {

  private static NoraConfig.Builder fromEnv(Map<String, String> env) {
    return NoraConfig.builder(ConfigSource.of(env));
  }

  @Test
  void defaults_areTheDocumentedOnes() {
    NoraConfig c = fromEnv(Map.of("NORA_API_KEY", "k")).build();

    assertThat(c.apiUrl()).isEqualTo("http://localhost:8000/v1");
    assertThat(c.environment()).isEqualTo("default");
    assertThat(c.autoPatch()).isTrue();
    assertThat(c.disabled()).isFalse();
    assertThat(c.contentPolicy().captureContent()).isTrue();
    assertThat(c.contentPolicy().maxFieldChars()).isEqualTo(100_000);
    assertThat(c.sampleRate()).isEqualTo(1.0);
    assertThat(c.exporters()).containsExactly("http");
    assertThat(c.scheduleDelay()).isEqualTo(Duration.ofSeconds(1));
    assertThat(c.shutdownTimeout()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void everySetting_comesFromTheEnvironment() {
    NoraConfig c =
        fromEnv(Map.ofEntries(
                Map.entry("NORA_API_KEY", "k"),
                Map.entry("NORA_API_URL", "https://nora.example/v1"),
                Map.entry("NORA_ENVIRONMENT", "production"),
                Map.entry("NORA_AUTO_PATCH", "false"),
                Map.entry("NORA_TRACED_FUNCTIONS", "com.acme.A#run, com.acme.B.go"),
                Map.entry("NORA_SERVICE_URL", "https://app.example/feedback"),
                Map.entry("NORA_CAPTURE_CONTENT", "off"),
                Map.entry("NORA_MAX_FIELD_CHARS", "2000"),
                Map.entry("NORA_SAMPLE_RATE", "0.25"),
                Map.entry("NORA_EXPORTER", "http,jsonl"),
                Map.entry("NORA_SCHEDULE_DELAY_MS", "250")))
            .build();

    assertThat(c.apiUrl()).isEqualTo("https://nora.example/v1");
    assertThat(c.environment()).isEqualTo("production");
    assertThat(c.autoPatch()).isFalse();
    assertThat(c.tracedFunctions()).containsExactly("com.acme.A#run", "com.acme.B.go");
    assertThat(c.serviceUrl()).isEqualTo("https://app.example/feedback");
    assertThat(c.contentPolicy().captureContent()).isFalse();
    assertThat(c.contentPolicy().maxFieldChars()).isEqualTo(2000);
    assertThat(c.sampleRate()).isEqualTo(0.25);
    assertThat(c.exporters()).containsExactly("http", "jsonl");
    assertThat(c.scheduleDelay()).isEqualTo(Duration.ofMillis(250));
  }

  @Test
  void codeOverridesTheEnvironment() {
    NoraConfig c =
        fromEnv(Map.of("NORA_API_KEY", "env-key", "NORA_ENVIRONMENT", "staging"))
            .apiKey("code-key")
            .environment("production")
            .build();

    assertThat(c.apiKey()).isEqualTo("code-key");
    assertThat(c.environment()).isEqualTo("production");
  }

  @Test
  void missingApiKey_failsAtInitSayingWhatToDo() {
    assertThatThrownBy(() -> fromEnv(Map.of()).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no API key")
        .hasMessageContaining("NORA_API_KEY")
        .hasMessageContaining("NORA_DISABLED");
  }

  @Test
  void disabledOrFileOnly_needsNoApiKey() {
    assertThat(fromEnv(Map.of("NORA_DISABLED", "true")).build().disabled()).isTrue();
    assertThat(fromEnv(Map.of("NORA_EXPORTER", "jsonl")).build().exporters()).containsExactly("jsonl");
  }

  @Test
  void badValues_areAllNamedInOneMessage() {
    assertThatThrownBy(() ->
            fromEnv(Map.of(
                    "NORA_API_KEY", "k",
                    "NORA_SAMPLE_RATE", "lots",
                    "NORA_DISABLED", "maybe",
                    "NORA_API_URL", "localhost:8000",
                    "NORA_EXPORTER", "kafka"))
                .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NORA_SAMPLE_RATE: expected a number, got 'lots'")
        .hasMessageContaining("NORA_DISABLED: expected true or false, got 'maybe'")
        .hasMessageContaining("apiUrl (NORA_API_URL)")
        .hasMessageContaining("unknown exporter 'kafka'");
  }

  @Test
  void tracedFunctions_mustNameAClassAndAMethod() {
    assertThatThrownBy(() -> fromEnv(Map.of("NORA_API_KEY", "k", "NORA_TRACED_FUNCTIONS", "research_agent")).build())
        .hasMessageContaining("'research_agent' is not Class#method");
  }

  @Test
  void sampleRateOutOfRange_isRejected() {
    assertThatThrownBy(() -> fromEnv(Map.of("NORA_API_KEY", "k")).sampleRate(2).build())
        .hasMessageContaining("sampleRate (NORA_SAMPLE_RATE) must be between 0 and 1");
  }

  @Test
  void systemPropertyNames_followTheVariables() {
    assertThat(ConfigSource.propertyName("NORA_API_KEY")).isEqualTo("nora.api.key");
    assertThat(List.of(ConfigSource.propertyName("NORA_SAMPLE_RATE"))).containsExactly("nora.sample.rate");
  }
}

package ai.nora.testing;

import ai.nora.Nora;
import ai.nora.NoraConfig;
import ai.nora.export.SimpleTraceProcessor;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts Nora before each test with nothing sent anywhere and every span kept in an {@link
 * InMemorySpanExporter}, exported the moment it ends; shuts Nora down after the test.
 *
 * <pre>{@code
 * class SupportBotTest {
 *   @RegisterExtension final NoraExtension nora = NoraExtension.create();
 *
 *   @Test void answer_isOneTraceWithOneCall() {
 *     bot.answer("hi");
 *     assertThat(nora.exporter().spans("generation")).hasSize(1);
 *   }
 * }
 * }</pre>
 */
public final class NoraExtension implements BeforeEachCallback, AfterEachCallback {
  private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  private final Consumer<NoraConfig.Builder> customise;

  private NoraExtension(Consumer<NoraConfig.Builder> customise) {
    this.customise = customise;
  }

  /** An extension with Nora's defaults (auto-patch included). */
  public static NoraExtension create() {
    return new NoraExtension(b -> {});
  }

  /** An extension whose Nora configuration {@code customise} may change. */
  public static NoraExtension create(Consumer<NoraConfig.Builder> customise) {
    return new NoraExtension(customise);
  }

  /** Where the test's spans and traces are. */
  public InMemorySpanExporter exporter() {
    return exporter;
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    exporter.reset();
    NoraConfig.Builder b =
        NoraConfig.builder()
            .apiKey("nora-testing")
            .exporters(List.of("none"))
            .disabled(false)
            .sampleRate(1.0)
            .addProcessor(SimpleTraceProcessor.create(exporter));
    customise.accept(b);
    Nora.init(b.build());
  }

  @Override
  public void afterEach(ExtensionContext context) {
    Nora.shutdown();
  }
}

package ai.nora.spring;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;

/**
 * Spring AI tracing for applications that wire Spring AI themselves, without Boot's
 * auto-configuration: add the handler to the {@code ObservationRegistry} given to Spring AI's
 * models, chat clients, tools and vector stores.
 *
 * <pre>{@code
 * ObservationRegistry registry = ObservationRegistry.create();
 * registry.observationConfig().observationHandler(NoraSpringAi.observationHandler());
 * }</pre>
 */
public final class NoraSpringAi {
  private NoraSpringAi() {}

  /** A handler that records Spring AI's observations as Nora spans, while Nora is enabled. */
  public static ObservationHandler<Observation.Context> observationHandler() {
    return new NoraObservationHandler();
  }
}

package ai.nora.spring;

import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * Spring AI, traced through its own observations: every chat model call (whatever the provider
 * and transport), chat client call, tool call, vector store query and embedding call. Nora's
 * handler joins whatever {@link ObservationRegistry} the application has (Actuator's, or one of
 * its own); where there is none, this configuration makes one, without which Spring AI observes
 * nothing.
 */
@AutoConfiguration(after = NoraAutoConfiguration.class, afterName = {
    "org.springframework.boot.actuate.autoconfigure.observation.ObservationAutoConfiguration",
    "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration"})
@ConditionalOnClass(name = {"io.micrometer.observation.ObservationRegistry",
    "org.springframework.ai.chat.observation.ChatModelObservationContext"})
@ConditionalOnProperty(name = "nora.enabled", havingValue = "true", matchIfMissing = true)
public class NoraSpringAiAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  public ObservationRegistry noraObservationRegistry() {
    return ObservationRegistry.create();
  }

  /**
   * Spring AI streams run their advisors, tools and later calls on Reactor's threads, where
   * the observation they belong to (and so Nora's trace) is current only with Reactor's
   * automatic context propagation: turned on, as {@code spring.reactor.context-propagation=auto}
   * does, unless the application chose otherwise.
   */
  @Bean
  @ConditionalOnClass(name = {"reactor.core.publisher.Hooks", "io.micrometer.context.ContextRegistry"})
  @ConditionalOnProperty(name = "spring.reactor.context-propagation", havingValue = "auto", matchIfMissing = true)
  public ReactorContextPropagation noraReactorContextPropagation(NoraAutoConfiguration.NoraLifecycle nora) {
    return new ReactorContextPropagation(nora.isStarted());
  }

  /** Turns Reactor's automatic context propagation on, where Nora runs. */
  public static final class ReactorContextPropagation {
    ReactorContextPropagation(boolean noraStarted) {
      if (!noraStarted) {
        return; // Nora is off (no key): the application's Reactor stays as it was
      }
      try {
        Class.forName("reactor.core.publisher.Hooks").getMethod("enableAutomaticContextPropagation").invoke(null);
      } catch (ReflectiveOperationException | RuntimeException e) {
        org.apache.commons.logging.LogFactory.getLog(NoraSpringAiAutoConfiguration.class).warn(
            "Nora could not turn Reactor's context propagation on (" + e + "): streamed Spring AI calls"
                + " may be split over several traces");
      }
    }
  }

  /**
   * At shut-down, before Nora delivers what it holds: the Spring AI calls still finishing are
   * given a moment (a second at most) to end, so that they are delivered too.
   */
  @Bean
  public org.springframework.beans.factory.DisposableBean noraSpringAiDrain(NoraAutoConfiguration.NoraLifecycle nora) {
    return () -> NoraObservationHandler.awaitStopped(java.time.Duration.ofSeconds(1));
  }

  /** Adds Nora's handler to every observation registry the context makes. */
  @Bean
  public static BeanPostProcessor noraObservationHandlerRegistrar() {
    return new BeanPostProcessor() {
      @Override
      public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof ObservationRegistry) {
          ((ObservationRegistry) bean).observationConfig().observationHandler(NoraSpringAi.observationHandler());
        }
        return bean;
      }
    };
  }
}

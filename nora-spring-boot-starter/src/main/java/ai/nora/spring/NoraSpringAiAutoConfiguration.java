package ai.nora.spring;

import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
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
public class NoraSpringAiAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  public ObservationRegistry noraObservationRegistry() {
    return ObservationRegistry.create();
  }

  /** Adds Nora's handler to every observation registry the context makes. */
  @Bean
  public static BeanPostProcessor noraObservationHandlerRegistrar() {
    return new BeanPostProcessor() {
      @Override
      public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof ObservationRegistry) {
          ((ObservationRegistry) bean).observationConfig().observationHandler(new NoraObservationHandler());
        }
        return bean;
      }
    };
  }
}

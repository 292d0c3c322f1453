package ai.nora.spring;

import ai.nora.Nora;
import ai.nora.NoraConfig;
import java.util.function.Consumer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Starts Nora with the application from {@code nora.*} properties, and flushes and stops it with
 * the application: no Nora code in the application. Without an API key (property or {@code
 * NORA_API_KEY}) Nora stays off and says so in one line; the application runs as it would.
 */
@AutoConfiguration
@EnableConfigurationProperties(NoraProperties.class)
public class NoraAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  public NoraLifecycle noraLifecycle(NoraProperties properties) {
    return new NoraLifecycle(properties);
  }

  /** Nora's life within the application context's. */
  public static class NoraLifecycle implements InitializingBean, DisposableBean {
    private static final Log LOG = LogFactory.getLog(NoraLifecycle.class);
    private final NoraProperties properties;
    private boolean started;

    public NoraLifecycle(NoraProperties properties) {
      this.properties = properties;
    }

    /** Whether this application started Nora. */
    public boolean isStarted() {
      return started;
    }

    @Override
    public void afterPropertiesSet() {
      if (!properties.isEnabled()) {
        LOG.info("Nora is off (nora.enabled=false): nothing is traced");
        return;
      }
      NoraConfig.Builder b = NoraConfig.builder();
      set(properties.getApiKey(), b::apiKey);
      set(properties.getApiUrl(), b::apiUrl);
      set(properties.getEnvironment(), b::environment);
      set(properties.getAutoPatch(), b::autoPatch);
      set(properties.getServiceUrl(), b::serviceUrl);
      set(properties.getCaptureContent(), b::captureContent);
      set(properties.getMaxFieldChars(), b::maxFieldChars);
      set(properties.getSampleRate(), b::sampleRate);
      set(properties.getMaxQueueSize(), b::maxQueueSize);
      set(properties.getMaxBatchSize(), b::maxBatchSize);
      set(properties.getScheduleDelay(), b::scheduleDelay);
      set(properties.getExportTimeout(), b::exportTimeout);
      set(properties.getShutdownTimeout(), b::shutdownTimeout);
      set(properties.getOtlpEndpoint(), b::otlpEndpoint);
      set(properties.getJoinOpenTelemetry(), b::joinOpenTelemetry);
      if (!properties.getOtlpHeaders().isEmpty()) {
        b.otlpHeaders(properties.getOtlpHeaders());
      }
      if (!properties.getTracedFunctions().isEmpty()) {
        b.tracedFunctions(properties.getTracedFunctions());
      }
      if (!properties.getExporters().isEmpty()) {
        b.exporters(properties.getExporters());
      }
      NoraConfig config;
      try {
        config = b.build();
      } catch (IllegalArgumentException e) {
        // The SDK names what is missing or wrong; without a key that is the expected way off.
        LOG.warn("Nora is off: " + e.getMessage() + " Set nora.api-key (or NORA_API_KEY) to trace.");
        return;
      }
      Nora.init(config);
      started = true;
    }

    @Override
    public void destroy() {
      if (started) {
        Nora.shutdown(); // delivers what is queued, within nora.shutdown-timeout
        started = false;
      }
    }

    private static <T> void set(T value, Consumer<T> setter) {
      if (value != null) {
        setter.accept(value);
      }
    }
  }
}

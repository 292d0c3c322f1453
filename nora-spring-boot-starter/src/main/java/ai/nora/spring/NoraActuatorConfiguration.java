package ai.nora.spring;

import ai.nora.ExportStatus;
import ai.nora.Nora;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Where Actuator is present: Nora's exporter as a health contributor ({@code nora}: down while
 * its last delivery failed and none succeeded since) and as Micrometer meters
 * ({@code nora.spans.exported}, {@code nora.spans.failed}, {@code nora.spans.dropped},
 * {@code nora.spans.queued}).
 */
@AutoConfiguration(after = NoraAutoConfiguration.class)
public class NoraActuatorConfiguration {

  /** What the health contributor reports. */
  static Map<String, Object> details(ExportStatus s) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("exported", s.exported());
    d.put("failed", s.failed());
    d.put("dropped", s.dropped());
    d.put("queued", s.queued());
    if (s.lastSuccessMillis() > 0) {
      d.put("lastDelivery", Instant.ofEpochMilli(s.lastSuccessMillis()).toString());
    }
    if (s.lastFailureMillis() > 0) {
      d.put("lastFailure", Instant.ofEpochMilli(s.lastFailureMillis()).toString());
    }
    return d;
  }

  /** Spring Boot 3's health API. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.boot.actuate.health.HealthIndicator")
  static class Boot3Health {
    @Bean
    org.springframework.boot.actuate.health.HealthIndicator nora() {
      return () -> {
        ExportStatus s = Nora.exportStatus();
        org.springframework.boot.actuate.health.Health.Builder b = s.failing()
            ? org.springframework.boot.actuate.health.Health.down()
            : org.springframework.boot.actuate.health.Health.up();
        return b.withDetails(details(s)).build();
      };
    }
  }

  /** Spring Boot 4's health API. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
  static class Boot4Health {
    @Bean
    org.springframework.boot.health.contributor.HealthIndicator nora() {
      return () -> {
        ExportStatus s = Nora.exportStatus();
        org.springframework.boot.health.contributor.Health.Builder b = s.failing()
            ? org.springframework.boot.health.contributor.Health.down()
            : org.springframework.boot.health.contributor.Health.up();
        return b.withDetails(details(s)).build();
      };
    }
  }

  /** Micrometer meters, bound to the application's registry by Actuator. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "io.micrometer.core.instrument.binder.MeterBinder")
  static class Meters {
    @Bean
    MeterBinder noraMeters() {
      return registry -> {
        FunctionCounter.builder("nora.spans.exported", Nora.class, n -> Nora.exportStatus().exported())
            .description("Spans handed to Nora's exporters").register(registry);
        FunctionCounter.builder("nora.spans.failed", Nora.class, n -> Nora.exportStatus().failed())
            .description("Spans of batches Nora's exporters could not deliver").register(registry);
        FunctionCounter.builder("nora.spans.dropped", Nora.class, n -> Nora.exportStatus().dropped())
            .description("Spans dropped: a full queue, or shutting down").register(registry);
        Gauge.builder("nora.spans.queued", Nora.class, n -> Nora.exportStatus().queued())
            .description("Spans waiting for export").register(registry);
      };
    }
  }
}

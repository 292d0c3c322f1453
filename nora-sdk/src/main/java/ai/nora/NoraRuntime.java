package ai.nora;

import ai.nora.export.BatchTraceProcessor;
import ai.nora.export.JsonLinesFileExporter;
import ai.nora.export.LoggingSpanExporter;
import ai.nora.export.NoraHttpExporter;
import ai.nora.export.OtlpHttpExporter;
import ai.nora.export.SpanExporter;
import ai.nora.trace.TraceProcessor;
import ai.nora.trace.Tracer;
import java.util.ArrayList;
import java.util.List;

/** What one {@code Nora.init} built: the tracer, its export pipeline, the local buffer. */
final class NoraRuntime {
  final NoraConfig config;
  final Tracer tracer;
  /** The tracer's switches: only {@code Nora} turns recording off and on or changes processors. */
  final Tracer.Controls controls;
  final LocalTraceBuffer local;

  private NoraRuntime(NoraConfig config, Tracer.Controls controls, LocalTraceBuffer local) {
    this.config = config;
    this.tracer = controls.tracer();
    this.controls = controls;
    this.local = local;
  }

  static NoraRuntime create(NoraConfig config) {
    LocalTraceBuffer local = new LocalTraceBuffer(config.localBufferSize());
    List<TraceProcessor> processors = new ArrayList<>();
    processors.add(local);
    if (!config.disabled()) {
      for (String name : config.exporters()) {
        processors.add(
            BatchTraceProcessor.builder(exporter(name, config))
                .maxQueueSize(config.maxQueueSize())
                .maxBatchSize(config.maxBatchSize())
                .scheduleDelay(config.scheduleDelay())
                // The exporter's own deadline, and a margin for it to say why it gave up.
                .exportTimeout(config.exportTimeout().plusSeconds(5))
                .build());
      }
      processors.addAll(config.processors());
    }
    Tracer.Controls controls =
        Tracer.builder()
            .environment(config.environment())
            .contentPolicy(config.contentPolicy())
            .priceTable(config.priceTable())
            .sampleRate(config.sampleRate())
            .joinOpenTelemetry(config.joinOpenTelemetry())
            .enabled(!config.disabled())
            .processors(processors)
            .buildControlled();
    return new NoraRuntime(config, controls, local);
  }

  private static SpanExporter exporter(String name, NoraConfig config) {
    switch (name) {
      case "http":
        return NoraHttpExporter.builder()
            .apiUrl(config.apiUrl())
            .apiKey(config.apiKey())
            .serviceUrl(config.serviceUrl())
            .exportTimeout(config.exportTimeout())
            .build();
      case "otlp":
        return OtlpHttpExporter.builder()
            .endpoint(config.otlpEndpoint())
            .headers(config.otlpHeaders())
            .serviceName(config.serviceName())
            .exportTimeout(config.exportTimeout())
            .build();
      case "console":
        return LoggingSpanExporter.create();
      case "jsonl":
        return JsonLinesFileExporter.create(config.exportFile());
      default:
        throw new IllegalArgumentException("unknown exporter " + name);
    }
  }

  /** Replaces the processors, keeping the local buffer so that local queries still work. */
  void setProcessors(List<? extends TraceProcessor> processors) {
    List<TraceProcessor> all = new ArrayList<>();
    all.add(local);
    all.addAll(processors);
    List<TraceProcessor> old = tracer.processors();
    controls.setProcessors(all);
    for (TraceProcessor p : old) {
      if (p != local && !all.contains(p)) {
        p.shutdown(config.shutdownTimeout());
      }
    }
  }
}

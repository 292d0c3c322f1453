package ai.nora.spring;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Nora's settings as {@code nora.*} properties: the configuration table of the SDK, property by
 * property. Unset properties fall back to the SDK's environment variables ({@code NORA_API_KEY},
 * ...), then to its defaults.
 */
@ConfigurationProperties(prefix = "nora")
public class NoraProperties {
  /** Whether Nora runs at all; false turns tracing off without removing the starter. */
  private boolean enabled = true;
  /** The project's API key on the Nora server (else NORA_API_KEY). Without one, Nora stays off. */
  private String apiKey;
  /** The server's API base (else NORA_API_URL, default http://localhost:8000/v1). */
  private String apiUrl;
  /** Tag on every trace: development, staging, production... (else NORA_ENVIRONMENT). */
  private String environment;
  /** Instrument the provider SDKs and frameworks in this JVM at start-up. */
  private Boolean autoPatch;
  /** Methods that become trace groups when called: com.acme.Workflow#run. */
  private List<String> tracedFunctions = new ArrayList<>();
  /** The application's feedback service URL, sent with every batch. */
  private String serviceUrl;
  /** Capture prompts, responses, tool arguments and results. */
  private Boolean captureContent;
  /** Captured texts longer than this are cut. */
  private Integer maxFieldChars;
  /** Share of traces kept, 0 to 1. */
  private Double sampleRate;
  /** Where traces go: http, otlp, console, jsonl, none. */
  private List<String> exporters = new ArrayList<>();
  /** Where the otlp exporter sends spans (full URL, such as http://collector:4318/v1/traces). */
  private String otlpEndpoint;
  /** Headers of the otlp exporter (a backend's API key). */
  private java.util.Map<String, String> otlpHeaders = new java.util.LinkedHashMap<>();
  /** Join the OpenTelemetry (or Micrometer Tracing) span current where a trace starts. */
  private Boolean joinOpenTelemetry;
  /** Spans that may wait for export; past it new spans are dropped and counted. */
  private Integer maxQueueSize;
  /** Spans per export request. */
  private Integer maxBatchSize;
  /** The longest a span waits before export. */
  private Duration scheduleDelay;
  /** Time to deliver one batch, retries included. */
  private Duration exportTimeout;
  /** How long shut-down waits for queued traces. */
  private Duration shutdownTimeout;

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public String getApiKey() {
    return apiKey;
  }

  public void setApiKey(String apiKey) {
    this.apiKey = apiKey;
  }

  public String getApiUrl() {
    return apiUrl;
  }

  public void setApiUrl(String apiUrl) {
    this.apiUrl = apiUrl;
  }

  public String getEnvironment() {
    return environment;
  }

  public void setEnvironment(String environment) {
    this.environment = environment;
  }

  public Boolean getAutoPatch() {
    return autoPatch;
  }

  public void setAutoPatch(Boolean autoPatch) {
    this.autoPatch = autoPatch;
  }

  public List<String> getTracedFunctions() {
    return tracedFunctions;
  }

  public void setTracedFunctions(List<String> tracedFunctions) {
    this.tracedFunctions = tracedFunctions;
  }

  public String getServiceUrl() {
    return serviceUrl;
  }

  public void setServiceUrl(String serviceUrl) {
    this.serviceUrl = serviceUrl;
  }

  public Boolean getCaptureContent() {
    return captureContent;
  }

  public void setCaptureContent(Boolean captureContent) {
    this.captureContent = captureContent;
  }

  public Integer getMaxFieldChars() {
    return maxFieldChars;
  }

  public void setMaxFieldChars(Integer maxFieldChars) {
    this.maxFieldChars = maxFieldChars;
  }

  public Double getSampleRate() {
    return sampleRate;
  }

  public void setSampleRate(Double sampleRate) {
    this.sampleRate = sampleRate;
  }

  public List<String> getExporters() {
    return exporters;
  }

  public void setExporters(List<String> exporters) {
    this.exporters = exporters;
  }

  public Integer getMaxQueueSize() {
    return maxQueueSize;
  }

  public void setMaxQueueSize(Integer maxQueueSize) {
    this.maxQueueSize = maxQueueSize;
  }

  public Integer getMaxBatchSize() {
    return maxBatchSize;
  }

  public void setMaxBatchSize(Integer maxBatchSize) {
    this.maxBatchSize = maxBatchSize;
  }

  public String getOtlpEndpoint() {
    return otlpEndpoint;
  }

  public void setOtlpEndpoint(String otlpEndpoint) {
    this.otlpEndpoint = otlpEndpoint;
  }

  public java.util.Map<String, String> getOtlpHeaders() {
    return otlpHeaders;
  }

  public void setOtlpHeaders(java.util.Map<String, String> otlpHeaders) {
    this.otlpHeaders = otlpHeaders;
  }

  public Boolean getJoinOpenTelemetry() {
    return joinOpenTelemetry;
  }

  public void setJoinOpenTelemetry(Boolean joinOpenTelemetry) {
    this.joinOpenTelemetry = joinOpenTelemetry;
  }

  public Duration getScheduleDelay() {
    return scheduleDelay;
  }

  public void setScheduleDelay(Duration scheduleDelay) {
    this.scheduleDelay = scheduleDelay;
  }

  public Duration getExportTimeout() {
    return exportTimeout;
  }

  public void setExportTimeout(Duration exportTimeout) {
    this.exportTimeout = exportTimeout;
  }

  public Duration getShutdownTimeout() {
    return shutdownTimeout;
  }

  public void setShutdownTimeout(Duration shutdownTimeout) {
    this.shutdownTimeout = shutdownTimeout;
  }
}

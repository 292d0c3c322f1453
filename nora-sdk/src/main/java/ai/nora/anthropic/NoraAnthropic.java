package ai.nora.anthropic;

import ai.nora.internal.instrument.anthropic.AnthropicInterceptors;
import com.anthropic.client.AnthropicClient;
import com.anthropic.client.AnthropicClientAsync;

/**
 * Traces an Anthropic client explicitly, for teams that avoid bytecode instrumentation:
 *
 * <pre>{@code
 * AnthropicClient client = NoraAnthropic.wrap(AnthropicOkHttpClient.fromEnv());
 * client.messages().create(params);   // a generation span, in the current trace group
 * }</pre>
 *
 * <p>Messages and beta messages are traced, sync, async and streamed: model, parameters,
 * system prompt and messages, output text, thinking and tool use, stop reason, usage with cache
 * reads and writes, cost, time to first token, errors; tool results sent back become tool spans.
 * Whatever the client returns or throws reaches the caller unchanged. The wrapped client's own
 * OpenTelemetry spans (anthropic-java makes them when an OpenTelemetry is registered) are turned
 * off, so that no call is recorded twice; trace context propagation stays as it was.
 */
public final class NoraAnthropic {
  private NoraAnthropic() {}

  /** {@code client}, traced; wrapping twice is harmless. */
  public static AnthropicClient wrap(AnthropicClient client) {
    return AnthropicInterceptors.client(AnthropicInterceptors.withoutOwnTraces(client));
  }

  /** {@code client}, traced; wrapping twice is harmless. */
  public static AnthropicClientAsync wrap(AnthropicClientAsync client) {
    return AnthropicInterceptors.asyncClient(AnthropicInterceptors.withoutOwnTraces(client));
  }
}

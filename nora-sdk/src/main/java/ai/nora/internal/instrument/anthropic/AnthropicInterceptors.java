package ai.nora.internal.instrument.anthropic;

import ai.nora.internal.instrument.LlmCall;
import ai.nora.internal.instrument.Proxies;
import com.anthropic.client.AnthropicClient;
import com.anthropic.client.AnthropicClientAsync;
import com.anthropic.services.async.BetaServiceAsync;
import com.anthropic.services.async.MessageServiceAsync;
import com.anthropic.services.blocking.BetaService;
import com.anthropic.services.blocking.MessageService;

/**
 * The proxies that trace anthropic-java clients: each level re-wraps what it hands out, and the
 * message services (plain and beta, sync and async) record {@code create} and {@code
 * createStreaming}. This class is internal and is hence not for public use.
 */
public final class AnthropicInterceptors {
  private AnthropicInterceptors() {}

  public static AnthropicClient client(AnthropicClient client) {
    return Proxies.wrap(AnthropicClient.class, client, (m, args, proceed) -> {
      Object r = proceed.call();
      switch (m.getName()) {
        case "messages":
          return messages(MessageService.class, r);
        case "beta":
          return Proxies.wrap(BetaService.class, (BetaService) r, (m2, a2, p2) -> {
            Object r2 = p2.call();
            return m2.getName().equals("messages")
                ? messages(com.anthropic.services.blocking.beta.MessageService.class, r2) : r2;
          });
        case "async":
          return asyncClient((AnthropicClientAsync) r);
        case "withOptions":
          return client((AnthropicClient) r);
        default:
          return r;
      }
    });
  }

  public static AnthropicClientAsync asyncClient(AnthropicClientAsync client) {
    return Proxies.wrap(AnthropicClientAsync.class, client, (m, args, proceed) -> {
      Object r = proceed.call();
      switch (m.getName()) {
        case "messages":
          return messages(MessageServiceAsync.class, r);
        case "beta":
          return Proxies.wrap(BetaServiceAsync.class, (BetaServiceAsync) r, (m2, a2, p2) -> {
            Object r2 = p2.call();
            return m2.getName().equals("messages")
                ? messages(com.anthropic.services.async.beta.MessageServiceAsync.class, r2) : r2;
          });
        case "sync":
          return client((AnthropicClient) r);
        case "withOptions":
          return asyncClient((AnthropicClientAsync) r);
        default:
          return r;
      }
    });
  }

  /**
   * {@code client} with anthropic-java's own OpenTelemetry traces off (propagation as it was):
   * Nora records its calls, and the SDK's spans of them, exported over OTLP to Nora, would record
   * each call twice. Where the SDK predates its tracing, the client as it is.
   */
  public static AnthropicClient withoutOwnTraces(AnthropicClient client) {
    return withoutOwnTraces(client, AnthropicClient::options, AnthropicClient::withOptions);
  }

  /** The same, for an async client. */
  public static AnthropicClientAsync withoutOwnTraces(AnthropicClientAsync client) {
    return withoutOwnTraces(client, AnthropicClientAsync::options, AnthropicClientAsync::withOptions);
  }

  private static <C> C withoutOwnTraces(C client,
      java.util.function.Function<C, com.anthropic.core.ClientOptions> options,
      java.util.function.BiFunction<C, java.util.function.Consumer<com.anthropic.core.ClientOptions.Builder>, C> with) {
    try {
      com.anthropic.core.opentelemetry.OpenTelemetryOptions o = options.apply(client).openTelemetry();
      return o.traces().enabled() ? with.apply(client, b -> b.openTelemetry(o.toBuilder().traces(false).build()))
          : client;
    } catch (Throwable t) {
      ai.nora.internal.Throwables.propagateIfFatal(t);
      return client;
    }
  }

  /** A message service of any of the four kinds, recording its create calls. */
  static <T> T messages(Class<T> type, Object service) {
    return Proxies.recordingService(type, type.cast(service), AnthropicHooks.INSTANCE);
  }
}

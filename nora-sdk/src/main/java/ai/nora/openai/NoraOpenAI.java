package ai.nora.openai;

import ai.nora.internal.instrument.openai.OpenAiInterceptors;
import com.openai.client.OpenAIClient;
import com.openai.client.OpenAIClientAsync;

/**
 * Traces an OpenAI client explicitly, for teams that avoid bytecode instrumentation:
 *
 * <pre>{@code
 * OpenAIClient client = NoraOpenAI.wrap(OpenAIOkHttpClient.fromEnv());
 * client.chat().completions().create(params);   // a generation span, in the current trace group
 * }</pre>
 *
 * <p>Chat completions are traced, sync, async and streamed: model, parameters, messages, output,
 * tool calls, finish reason, usage, cost, time to first token, errors. Tool results sent back in a
 * later request become tool spans. Whatever the client returns or throws reaches the caller
 * unchanged; the wrapped client is a view of the same client (same connections, same options),
 * and so are the clients it hands out ({@code async()}, {@code withOptions(..)}).
 */
public final class NoraOpenAI {
  private NoraOpenAI() {}

  /** {@code client}, traced; wrapping twice is harmless. */
  public static OpenAIClient wrap(OpenAIClient client) {
    return OpenAiInterceptors.client(client);
  }

  /** {@code client}, traced; wrapping twice is harmless. */
  public static OpenAIClientAsync wrap(OpenAIClientAsync client) {
    return OpenAiInterceptors.asyncClient(client);
  }
}

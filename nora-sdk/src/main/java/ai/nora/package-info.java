/**
 * Nora: tracing for the LLM calls of a Java application.
 *
 * <pre>{@code
 * Nora.init("nora-api-key");                      // every provider call is traced from here on
 * try (TraceGroup g = Nora.traceGroup("support_reply", Map.of("user_id", "u1"))) {
 *   ... // LLM calls made here belong to one trace
 * }
 * }</pre>
 *
 * <p>Start with {@link ai.nora.Nora}; settings are in {@link ai.nora.NoraConfig}.
 */
package ai.nora;

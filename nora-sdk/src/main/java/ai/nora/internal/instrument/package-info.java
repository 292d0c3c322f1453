/**
 * What every provider's instrumentation shares: recording one LLM call as a generation span
 * (sync, async, streamed), and tracing tool executions between calls. Per provider, an adapter
 * only maps requests and responses onto {@link ai.nora.trace.GenerationSpanData}.
 *
 * <p>This package is internal and is hence not for public use. Its APIs are unstable and can
 * change at any time.
 */
package ai.nora.internal.instrument;

/**
 * Nora's trace model and engine: a {@link ai.nora.trace.Trace} is one end-to-end workflow, made
 * of nested {@link ai.nora.trace.Span}s whose typed {@link ai.nora.trace.SpanData} says what
 * each one did (a trace group, an LLM call, a tool, an agent, custom work). {@link
 * ai.nora.trace.TraceProcessor}s see traces and spans start and end.
 *
 * <p>Most applications never touch this package: {@link ai.nora.Nora} and provider
 * instrumentation create traces and spans. It is public for processors, exporters and
 * instrumentation authors.
 */
package ai.nora.trace;

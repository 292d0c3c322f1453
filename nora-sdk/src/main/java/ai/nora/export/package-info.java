/**
 * Getting traces out of the process: {@link ai.nora.export.SpanExporter} is where they go (the
 * Nora server over HTTP, a log, a JSON-lines file, memory), {@link
 * ai.nora.export.BatchTraceProcessor} queues them and exports in batches from a background
 * thread so that the application never waits on the network.
 */
package ai.nora.export;

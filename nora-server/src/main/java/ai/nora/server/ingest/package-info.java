/**
 * Turning what clients send (Nora batches, the original Nora protocol, OTLP) into traces and
 * spans to store: validation with precise errors, limits, pricing.
 */
package ai.nora.server.ingest;

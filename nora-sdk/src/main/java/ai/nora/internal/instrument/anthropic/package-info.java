/**
 * Anthropic instrumentation: the adapter from anthropic-java's requests and responses to span
 * data. Loaded only where {@code com.anthropic:anthropic-java} is present. This package is
 * internal and is hence not for public use.
 */
package ai.nora.internal.instrument.anthropic;

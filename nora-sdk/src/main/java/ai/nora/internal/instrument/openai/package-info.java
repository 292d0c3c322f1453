/**
 * OpenAI instrumentation: the adapter from openai-java's requests and responses to span data.
 * Loaded only where {@code com.openai:openai-java} is present. This package is internal and is
 * hence not for public use.
 */
package ai.nora.internal.instrument.openai;

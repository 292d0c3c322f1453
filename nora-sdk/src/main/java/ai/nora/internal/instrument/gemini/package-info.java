/**
 * Gemini instrumentation (google-genai): generateContent, sync and async, one span per HTTP round
 * trip, so that the automatic function-calling loop shows each model call and each tool run.
 * Loaded only where {@code com.google.genai:google-genai} is present. This package is internal
 * and is hence not for public use.
 */
package ai.nora.internal.instrument.gemini;

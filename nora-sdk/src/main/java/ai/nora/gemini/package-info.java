/** Explicit tracing of google-genai (Gemini) clients: {@link ai.nora.gemini.NoraGemini}. */
package ai.nora.gemini;

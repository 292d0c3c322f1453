/** Tracing for the official OpenAI Java SDK ({@code com.openai:openai-java}). */
package ai.nora.openai;

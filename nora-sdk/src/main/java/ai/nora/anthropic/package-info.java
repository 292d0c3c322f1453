/** Tracing for the official Anthropic Java SDK ({@code com.anthropic:anthropic-java}). */
package ai.nora.anthropic;

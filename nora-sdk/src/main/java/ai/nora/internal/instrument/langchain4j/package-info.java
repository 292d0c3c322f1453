/**
 * LangChain4j instrumentation: chat model calls of every provider module (through LangChain4j's
 * listener mechanism), tool executions, AI service calls and retrievals. Loaded only where
 * LangChain4j is present. This package is internal and is hence not for public use.
 */
package ai.nora.internal.instrument.langchain4j;

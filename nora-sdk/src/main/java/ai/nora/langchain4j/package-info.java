/** Tracing for LangChain4j ({@code dev.langchain4j}): chat models of every provider module. */
package ai.nora.langchain4j;

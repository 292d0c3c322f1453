/** What LLM calls cost: the bundled price table and the arithmetic on it. */
package ai.nora.cost;

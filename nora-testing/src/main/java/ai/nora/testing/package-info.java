/**
 * Helpers for testing code traced by Nora: {@link ai.nora.testing.InMemorySpanExporter} keeps
 * what would have been exported, {@link ai.nora.testing.NoraExtension} starts Nora around each
 * JUnit 5 test with it.
 */
package ai.nora.testing;

/**
 * Storage SPI: what the server asks of a database. {@link ai.nora.server.storage.Store} holds
 * traces, spans and scores; {@link ai.nora.server.storage.KeyStore} projects and API keys. One
 * contract test suite runs against every implementation (SQLite and PostgreSQL).
 */
package ai.nora.server.storage;

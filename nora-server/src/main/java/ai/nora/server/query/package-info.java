/** Reading: trace lists and details, sessions, metrics over time, scores; as the API shows them. */
package ai.nora.server.query;

/**
 * The dashboard's server side: sign-in and sessions. The pages themselves are static files
 * ({@code src/main/resources/dashboard}) that read the same JSON API as any client.
 */
package ai.nora.server.ui;

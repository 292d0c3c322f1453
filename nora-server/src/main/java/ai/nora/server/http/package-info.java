/** The HTTP surface: routes, authentication, request bodies and error answers. */
package ai.nora.server.http;

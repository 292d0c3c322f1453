/**
 * Helpers shared by Nora's own packages.
 *
 * <p>This package is internal and is hence not for public use. Its APIs are unstable and can
 * change at any time, even in a patch release.
 */
package ai.nora.internal;

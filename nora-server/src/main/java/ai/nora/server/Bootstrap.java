package ai.nora.server;

import ai.nora.server.storage.KeyStore;

/**
 * First start: a default project, and a key for it. {@code NORA_INIT_API_KEY} makes that key a
 * given one (for automation); otherwise a key is made and printed once: only its hash is kept.
 */
final class Bootstrap {
  static final String DEFAULT_PROJECT = "default";

  private Bootstrap() {}

  static void run(KeyStore keyStore, ApiKeys keys, String initApiKey) {
    keyStore.ensureProject(DEFAULT_PROJECT, "Default project");
    long now = System.currentTimeMillis() * 1000;
    if (initApiKey != null) {
      if (keys.add(DEFAULT_PROJECT, "NORA_INIT_API_KEY", initApiKey, now)) {
        System.out.println("[nora] created the API key given in NORA_INIT_API_KEY for project 'default'");
      }
      return;
    }
    if (keyStore.keys().isEmpty()) {
      String secret = ApiKeys.newSecret();
      keys.add(DEFAULT_PROJECT, "first key", secret, now);
      System.out.println();
      System.out.println("[nora] Created project 'default' and its first API key (shown once; only");
      System.out.println("[nora] its hash is stored, so copy it now):");
      System.out.println();
      System.out.println("    NORA_API_KEY=" + secret);
      System.out.println();
      System.out.println("[nora] More keys: java -jar nora-server.jar keys create --name <name>");
    }
  }
}

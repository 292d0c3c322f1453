package ai.nora;

import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Where settings come from when code does not set them: the system property ({@code
 * NORA_API_KEY} is {@code -Dnora.api.key}), else the environment variable.
 */
final class ConfigSource {
  private final Function<String, String> env;
  private final Function<String, String> properties;

  private ConfigSource(Function<String, String> env, Function<String, String> properties) {
    this.env = env;
    this.properties = properties;
  }

  static ConfigSource system() {
    return new ConfigSource(System::getenv, System::getProperty);
  }

  static ConfigSource of(Map<String, String> env) {
    return new ConfigSource(env::get, k -> null);
  }

  /** The value of {@code variable} ({@code NORA_*}), or null when unset or blank. */
  String get(String variable) {
    String v = properties.apply(propertyName(variable));
    if (v == null || v.isBlank()) {
      v = env.apply(variable);
    }
    return v == null || v.isBlank() ? null : v.strip();
  }

  static String propertyName(String variable) {
    return variable.toLowerCase(Locale.ROOT).replace('_', '.');
  }
}

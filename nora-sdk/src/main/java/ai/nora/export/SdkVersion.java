package ai.nora.export;

import java.io.InputStream;
import java.util.Properties;

final class SdkVersion {
  private static volatile String version;

  private SdkVersion() {}

  static String get() {
    String v = version;
    if (v == null) {
      v = read();
      version = v;
    }
    return v;
  }

  private static String read() {
    try (InputStream in = SdkVersion.class.getResourceAsStream("/ai/nora/nora-sdk.properties")) {
      if (in != null) {
        Properties p = new Properties();
        p.load(in);
        return p.getProperty("version", "unknown");
      }
    } catch (Exception e) {
      // fall through: the version is informative only
    }
    return "unknown";
  }
}

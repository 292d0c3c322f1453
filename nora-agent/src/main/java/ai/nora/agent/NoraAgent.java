package ai.nora.agent;

import ai.nora.Nora;
import ai.nora.NoraConfig;
import ai.nora.internal.instrument.AutoPatch;
import java.lang.instrument.Instrumentation;

/**
 * {@code java -javaagent:nora-agent.jar -jar app.jar}: traces the provider SDKs with no code
 * change. Settings come from the environment or system properties ({@code NORA_API_KEY} or
 * {@code -Dnora.api.key}, and the rest of {@code docs/configuration.md}). The provider classes
 * are woven as they load, with no dynamic attach and so no JDK warning. If the settings are
 * incomplete the agent says what is missing and the application runs untraced.
 */
public final class NoraAgent {
  private NoraAgent() {}

  /** Called by the JVM before {@code main}. */
  public static void premain(String args, Instrumentation instrumentation) {
    start(instrumentation);
  }

  /** Called when the agent is attached to a running JVM. */
  public static void agentmain(String args, Instrumentation instrumentation) {
    start(instrumentation);
  }

  private static void start(Instrumentation instrumentation) {
    try {
      AutoPatch.useAgent(instrumentation);
      NoraConfig config = NoraConfig.builder().autoPatch(true).build();
      Nora.init(config);
    } catch (IllegalArgumentException e) {
      System.err.println("[nora] agent not started: " + e.getMessage());
    } catch (Throwable t) {
      System.err.println("[nora] agent not started: " + t);
    }
  }
}

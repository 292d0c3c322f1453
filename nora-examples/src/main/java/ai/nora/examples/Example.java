package ai.nora.examples;

/**
 * One example of the original Nora README, in Java.
 *
 * @param id how to run it alone ({@code --example id})
 * @param section the README section it comes from
 * @param title what it shows
 * @param trace the name of the trace it makes, to find it on the dashboard
 * @param body the example
 */
public record Example(String id, String section, String title, String trace, Body body) {
  /** An example's code. */
  @FunctionalInterface
  public interface Body {
    /** Runs it; what it returns is printed. */
    Object run(Providers providers) throws Exception;
  }
}

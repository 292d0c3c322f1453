package ai.nora.examples;

import java.util.ArrayList;
import java.util.List;

/** Every example, in the order of the original README, then the frameworks' (LangChain4j). */
public final class Examples {
  private Examples() {}

  public static List<Example> all() {
    List<Example> all = new ArrayList<>();
    all.addAll(QuickStartExamples.all());
    all.addAll(TracedExamples.all());
    all.addAll(GroupExamples.all());
    all.addAll(MoreExamples.all());
    all.addAll(FrameworkExamples.all());
    return all;
  }

  /** The methods the demo's init names in tracedFunctions. */
  public static List<String> tracedFunctions() {
    return TracedExamples.TRACED_FUNCTIONS;
  }
}

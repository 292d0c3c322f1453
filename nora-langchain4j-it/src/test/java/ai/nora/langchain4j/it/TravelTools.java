package ai.nora.langchain4j.it;

import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;

/** The assistant's tools. */
public class TravelTools {
  @Tool("The weather in a city")
  public String weather(@P("the city") String city) {
    return "sunny, 18 C";
  }

  @Tool("The time in a time zone")
  public String time(@P("the time zone") String zone) {
    return "14:00";
  }
}

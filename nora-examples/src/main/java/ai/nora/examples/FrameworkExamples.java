package ai.nora.examples;

import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.data.document.Metadata;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.rag.content.Content;
import dev.langchain4j.rag.content.ContentMetadata;
import dev.langchain4j.rag.content.retriever.ContentRetriever;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.MemoryId;
import dev.langchain4j.service.UserMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Beyond the original README: the frameworks Java teams build with, traced by {@code Nora.init}
 * alone. A LangChain4j AI service with a tool and a retriever: its call is an agent span holding
 * the retrieval, the model calls and the tool run, in the conversation's session.
 */
public final class FrameworkExamples {
  private FrameworkExamples() {}

  /** A travel assistant, as a LangChain4j AI service. */
  public interface TravelAssistant {
    String plan(@MemoryId String traveller, @UserMessage String request);
  }

  /** Its tool. */
  public static final class WeatherTool {
    @Tool("The weather today in a city")
    public String weather(@P("the city") String city) {
      return city + ": sunny, 24°C";
    }
  }

  /** Its knowledge: a few guide entries, found by the words they share with the question. */
  static final class Guide implements ContentRetriever {
    private static final Map<String, String> ENTRIES = Map.of(
        "lisbon", "Lisbon guide: ride tram 28 through Alfama, and watch the sunset from the Miradouro da Senhora do Monte.",
        "porto", "Porto guide: cross the Dom Luís I bridge and taste port wine in Vila Nova de Gaia.");

    @Override
    public List<Content> retrieve(dev.langchain4j.rag.query.Query query) {
      List<Content> found = new ArrayList<>();
      String q = query.text().toLowerCase(Locale.ROOT);
      ENTRIES.forEach((city, text) -> {
        if (q.contains(city)) {
          found.add(Content.from(TextSegment.from(text, Metadata.from("source", "guide/" + city + ".md")),
              Map.of(ContentMetadata.SCORE, 0.92)));
        }
      });
      return found;
    }
  }

  static List<Example> all() {
    return List.of(new Example("langchain4j-ai-service", "LangChain4j",
        "A LangChain4j AI service with a tool and a retriever, traced by Nora.init alone",
        "TravelAssistant.plan", p -> {
          ChatModel model = OpenAiChatModel.builder().baseUrl(p.openAiBaseUrl).apiKey(p.openAiKey)
              .modelName(p.openAiModel()).maxRetries(0).build();
          TravelAssistant assistant = AiServices.builder(TravelAssistant.class).chatModel(model)
              .tools(new WeatherTool()).contentRetriever(new Guide())
              .chatMemoryProvider(id -> MessageWindowChatMemory.withMaxMessages(10)).build();
          return assistant.plan("traveller-7", "What's the weather in Lisbon today, and what should I see there?");
        }));
  }
}

package ai.nora.springapp;

import io.micrometer.observation.ObservationRegistry;
import java.util.List;
import java.util.Map;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.client.advisor.vectorstore.QuestionAnswerAdvisor;
import org.springframework.ai.document.Document;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.tool.annotation.Tool;
import org.springframework.ai.tool.annotation.ToolParam;
import org.springframework.ai.vectorstore.SimpleVectorStore;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.CommandLineRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * A travel assistant as Spring AI apps are written: a ChatClient with two tools and a
 * retrieval advisor over a vector store. No Nora code: the starter traces it from properties.
 * Asks one question ({@code travel.mode}: {@code call}, {@code stream}, or {@code traced}
 * through a {@code @Traced} service), prints the answer, exits.
 */
@SpringBootApplication
public class TravelApp {
  static final String QUESTION = "What is the weather and the time in Paris?";

  public static void main(String[] args) {
    System.exit(SpringApplication.exit(SpringApplication.run(TravelApp.class, args)));
  }

  /** The assistant's tools. */
  public static class TravelTools {
    @Tool(description = "The weather in a city")
    public String weather(@ToolParam(description = "the city") String city) {
      return "sunny, 18 C";
    }

    @Tool(description = "The time in a time zone")
    public String time(@ToolParam(description = "the time zone") String zone) {
      return "14:00";
    }
  }

  /**
   * A service of the application's own, its method a trace group by {@code @Traced}; behind a
   * CGLIB proxy, as Spring makes for scoped, transactional or cached beans.
   */
  @org.springframework.stereotype.Service
  @org.springframework.context.annotation.Scope(proxyMode = org.springframework.context.annotation.ScopedProxyMode.TARGET_CLASS)
  public static class TravelDesk {
    @ai.nora.Traced(name = "travel_desk")
    public String plan(ChatClient assistant, String question) {
      return assistant.prompt().user(question).call().content();
    }
  }

  /**
   * With {@code travel.report=true}: once Nora has exported (or failed to), what Actuator sees
   * of it, its health contributor and its meters, through APIs common to Boot 3 and 4.
   */
  @Bean
  @org.springframework.core.annotation.Order(2)
  CommandLineRunner report(org.springframework.context.ApplicationContext context,
      io.micrometer.core.instrument.MeterRegistry meters, @Value("${travel.report:false}") boolean report) {
    return args -> {
      if (!report) {
        return;
      }
      long deadline = System.currentTimeMillis() + 20_000;
      while (System.currentTimeMillis() < deadline && meters.get("nora.spans.exported").functionCounter().count() == 0) {
        Thread.sleep(50);
      }
      Thread.sleep(3000); // the first batch delivered, or its delivery given up
      Object health = context.getBean("nora");
      Class<?> api;
      try {
        api = Class.forName("org.springframework.boot.actuate.health.HealthIndicator"); // Boot 3
      } catch (ClassNotFoundException e) {
        api = Class.forName("org.springframework.boot.health.contributor.HealthIndicator"); // Boot 4
      }
      Object result = api.getMethod("health").invoke(health);
      System.out.println("NORA_HEALTH=" + result.getClass().getMethod("getStatus").invoke(result)
          + " " + result.getClass().getMethod("getDetails").invoke(result));
      System.out.println("NORA_METERS exported=" + meters.get("nora.spans.exported").functionCounter().count()
          + " failed=" + meters.get("nora.spans.failed").functionCounter().count()
          + " dropped=" + meters.get("nora.spans.dropped").functionCounter().count());
    };
  }

  @Bean
  @org.springframework.core.annotation.Order(1)
  CommandLineRunner ask(TravelDesk desk, ChatClient.Builder chat, EmbeddingModel embeddings, ObservationRegistry observations,
      @Value("${travel.mode:call}") String mode) {
    return args -> {
      SimpleVectorStore guide = SimpleVectorStore.builder(embeddings).observationRegistry(observations).build();
      guide.add(List.of(new Document("Paris guide: the Eiffel Tower opens at 9:00.", Map.of("source", "guide.md"))));
      ChatClient assistant = chat.defaultTools(new TravelTools())
          .defaultAdvisors(QuestionAnswerAdvisor.builder(guide).build()).build();
      String answer = "stream".equals(mode)
          ? String.join("", assistant.prompt().user(QUESTION).stream().content().collectList().block())
          : "traced".equals(mode) ? desk.plan(assistant, QUESTION)
          : assistant.prompt().user(QUESTION).call().content();
      if ("traced".equals(mode)) {
        System.out.println("PROXIED=" + desk.getClass().getName().contains("$$"));
      }
      System.out.println("ANSWER=" + answer);
    };
  }
}

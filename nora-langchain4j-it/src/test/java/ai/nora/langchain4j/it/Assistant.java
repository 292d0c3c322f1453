package ai.nora.langchain4j.it;

import dev.langchain4j.service.MemoryId;
import dev.langchain4j.service.TokenStream;
import dev.langchain4j.service.UserMessage;

/** The AI service of the tests: a travel assistant with two tools and a retriever. */
public interface Assistant {
  String chat(@MemoryId String conversation, @UserMessage String question);

  TokenStream chatStream(@MemoryId String conversation, @UserMessage String question);
}

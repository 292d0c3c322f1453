package ai.nora.internal.instrument.langchain4j;

import dev.langchain4j.model.chat.listener.ChatModelErrorContext;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.listener.ChatModelRequestContext;
import dev.langchain4j.model.chat.listener.ChatModelResponseContext;

/**
 * Nora as a LangChain4j {@code ChatModelListener}: each call of the model it is added to becomes
 * a generation span. Where the woven advice is present too, it sees this listener and leaves the
 * recording to it. LangChain4j already shields the model from a listener's exceptions; Nora's
 * own steps catch theirs as well. This class is internal and is hence not for public use: get it
 * from {@code NoraLangChain4j.listener()}.
 */
public final class NoraChatModelListener implements ChatModelListener {
  public static final NoraChatModelListener INSTANCE = new NoraChatModelListener();

  private NoraChatModelListener() {}

  @Override
  public void onRequest(ChatModelRequestContext context) {
    LangChain4jCalls.start(context.chatRequest(), context.modelProvider(), context.attributes());
  }

  @Override
  public void onResponse(ChatModelResponseContext context) {
    LangChain4jCalls.succeed(context.chatResponse(), context.attributes());
  }

  @Override
  public void onError(ChatModelErrorContext context) {
    LangChain4jCalls.fail(context.error(), context.attributes());
  }

  @Override
  public String toString() {
    return "NoraChatModelListener";
  }
}

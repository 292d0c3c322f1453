package ai.nora.internal.instrument;

import ai.nora.internal.NoraLog;
import ai.nora.internal.Throwables;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import net.bytebuddy.agent.ByteBuddyAgent;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.matcher.ElementMatchers;

/**
 * Instruments the provider SDKs in the running JVM, once: attaches an agent to it (or uses the
 * one {@code -javaagent:nora-agent.jar} started) and weaves advice into the SDKs' service classes,
 * retransforming those already loaded, so that clients built before {@code Nora.init} are traced
 * too. Where the JVM forbids it ({@code -XX:-EnableDynamicAgentLoading}, a runtime without {@code
 * jdk.attach}), says so once, names the alternatives, and leaves the application untraced. This
 * class is internal and is hence not for public use.
 */
public final class AutoPatch {
  private static final AtomicBoolean DONE = new AtomicBoolean();
  private static volatile Instrumentation fromAgent;
  private static volatile List<String> patched = List.of();

  /** A class that could not be woven costs a log line, once, and its calls run untraced. */
  private static final AgentBuilder.Listener WEAVING_ERRORS = new AgentBuilder.Listener.Adapter() {
    @Override
    public void onError(String typeName, ClassLoader loader, net.bytebuddy.utility.JavaModule module,
        boolean loaded, Throwable error) {
      NoraLog.warnOnce("weave:" + typeName, "could not instrument " + typeName
          + " (an SDK version Nora does not know?); its calls are not traced", error);
    }
  };

  private AutoPatch() {}

  /** Hands over the instrumentation of {@code -javaagent:nora-agent.jar}. */
  public static void useAgent(Instrumentation instrumentation) {
    fromAgent = instrumentation;
  }

  /** Which providers were instrumented. */
  public static List<String> patched() {
    return patched;
  }

  /**
   * Instruments every provider SDK present, {@code @Traced} methods, and {@code tracedFunctions};
   * does nothing the second time (the first init's traced functions stay in force).
   */
  public static void install(ClassLoader loader, List<String> tracedFunctions) {
    if (!DONE.compareAndSet(false, true)) {
      return;
    }
    List<String> present = new ArrayList<>();
    if (present(loader, "com.openai.services.blocking.chat.ChatCompletionServiceImpl")) {
      present.add("openai");
    }
    if (present(loader, "com.anthropic.services.blocking.MessageServiceImpl")) {
      present.add("anthropic");
    }
    if (present(loader, "com.google.genai.Models")) {
      present.add("gemini");
    }
    // ChatLanguageModel: LangChain4j before 1.0, which Nora does not trace (said below).
    if (present(loader, "dev.langchain4j.model.chat.ChatModel")
        || present(loader, "dev.langchain4j.model.chat.ChatLanguageModel")) {
      present.add("langchain4j");
    }
    Instrumentation instrumentation = fromAgent;
    if (instrumentation == null) {
      try {
        // Keeps Byte Buddy off sun.misc.Unsafe (JDK 23+ warns about it).
        if (System.getProperty("net.bytebuddy.safe") == null) {
          System.setProperty("net.bytebuddy.safe", "true");
        }
        instrumentation = ByteBuddyAgent.install();
      } catch (Throwable t) {
        Throwables.propagateIfFatal(t);
        NoraLog.warn("could not instrument " + (present.isEmpty() ? "@Traced methods"
            : "the " + String.join(", ", present) + " SDK") + " in this JVM ("
            + t.getMessage() + "). Calls are not traced. Start the JVM with"
            + " -javaagent:nora-agent.jar, allow dynamic agents (-XX:+EnableDynamicAgentLoading), or"
            + " wrap clients explicitly: NoraOpenAI.wrap(client). The application is not affected.");
        return;
      }
    }
    try {
      // With the agent, provider classes are woven whenever any class loader loads them, even
      // ones the application class path cannot see yet.
      TracedMethods.weave(builder(), tracedFunctions).installOn(instrumentation);
      patched = List.copyOf(present);
      NoraLog.debug("instrumented: " + present, null);
      if (present.contains("langchain4j")
          && !present(loader, "dev.langchain4j.model.chat.ChatModelListenerUtils")) {
        NoraLog.warn("this LangChain4j release has no ChatModelListenerUtils, where Nora records"
            + " chat model calls (Nora supports LangChain4j 1.11 and later); its calls are not"
            + " traced. Upgrade LangChain4j, or on a 1.x release add NoraLangChain4j.listener() to"
            + " your models' builders.", null);
      }
    } catch (Throwable t) {
      Throwables.propagateIfFatal(t);
      NoraLog.warn("could not instrument the provider SDKs (" + t + "); calls are not traced."
          + " Wrap clients explicitly instead: NoraOpenAI.wrap(client).", t);
    }
  }

  /** The weaving of every supported provider; the agent jar uses it too. */
  public static AgentBuilder builder() {
    AgentBuilder.Identified.Extendable builder = new AgentBuilder.Default()
        .disableClassFormatChanges()
        .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
        .with(AgentBuilder.InitializationStrategy.NoOp.INSTANCE)
        .with(AgentBuilder.TypeStrategy.Default.DECORATE) // advice only: the types themselves stay as they are
        .with(WEAVING_ERRORS)
        .ignore(new Unreachable()) // SDK classes Nora cannot see: said once, left alone
        .type(ElementMatchers.namedOneOf(
            "com.openai.services.blocking.chat.ChatCompletionServiceImpl",
            "com.openai.services.async.chat.ChatCompletionServiceAsyncImpl",
            "com.openai.services.blocking.ResponseServiceImpl",
            "com.openai.services.async.ResponseServiceAsyncImpl",
            "com.openai.services.blocking.EmbeddingServiceImpl",
            "com.openai.services.async.EmbeddingServiceAsyncImpl"))
        .transform((b, type, loader, module, domain) -> b
            .visit(Advice.to(ai.nora.internal.instrument.openai.OpenAiAdvice.class)
                .on(openAiMethod("create").or(openAiMethod("createStreaming")))))
        .type(ElementMatchers.namedOneOf(
            "com.anthropic.services.blocking.MessageServiceImpl",
            "com.anthropic.services.async.MessageServiceAsyncImpl",
            "com.anthropic.services.blocking.beta.MessageServiceImpl",
            "com.anthropic.services.async.beta.MessageServiceAsyncImpl"))
        .transform((b, type, loader, module, domain) -> b
            .visit(Advice.to(ai.nora.internal.instrument.anthropic.AnthropicAdvice.class)
                .on(anthropicMethod("create").or(anthropicMethod("createStreaming")))))
        .type(ElementMatchers.named("com.anthropic.core.opentelemetry.TraceApiCall"))
        .transform((b, type, loader, module, domain) -> b
            .visit(Advice.to(ai.nora.internal.instrument.anthropic.AnthropicAdvice.OwnSpan.class)
                .on(ElementMatchers.named("startApiCallSpan").and(ElementMatchers.takesArguments(8)))))
        .type(ElementMatchers.namedOneOf("com.google.genai.Models", "com.google.genai.AsyncModels"))
        .transform((b, type, loader, module, domain) -> b
            .visit(Advice.to(ai.nora.internal.instrument.gemini.GeminiAdvice.class)
                .on(ElementMatchers.namedOneOf("privateGenerateContent", "privateGenerateContentStream")
                    .and(ElementMatchers.takesArguments(3))
                    .and(ElementMatchers.takesArgument(0, String.class)))))
        .type(ElementMatchers.named("com.google.genai.ResponseStream$ResponseStreamIterator"))
        .transform((b, type, loader, module, domain) -> b
            .visit(Advice.to(ai.nora.internal.instrument.gemini.GeminiAdvice.Next.class)
                .on(ElementMatchers.named("next").and(ElementMatchers.takesArguments(0))
                    .and(ElementMatchers.not(ElementMatchers.isBridge()))))
            .visit(Advice.to(ai.nora.internal.instrument.gemini.GeminiAdvice.HasNext.class)
                .on(ElementMatchers.named("hasNext").and(ElementMatchers.takesArguments(0)))))
        .type(ElementMatchers.named("com.google.genai.ResponseStream"))
        .transform((b, type, loader, module, domain) -> b
            .visit(Advice.to(ai.nora.internal.instrument.gemini.GeminiAdvice.Close.class)
                .on(ElementMatchers.named("close").and(ElementMatchers.takesArguments(0)))));
    return LangChain4jWeaving.weave(builder)
        // Spring AI assembles every model's stream here: its first element is the first token.
        .type(ElementMatchers.named("org.springframework.ai.chat.model.MessageAggregator"))
        .transform((b, type, loader, module, domain) -> b
            .visit(Advice.to(SpringAiAdvice.class)
                .on(ElementMatchers.named("aggregate").and(ElementMatchers.takesArguments(2)))));
  }

  private static net.bytebuddy.matcher.ElementMatcher.Junction<net.bytebuddy.description.method.MethodDescription>
      anthropicMethod(String name) {
    return ElementMatchers.named(name).and(ElementMatchers.takesArguments(2))
        .and(ElementMatchers.takesArgument(0, ElementMatchers.namedOneOf(
            "com.anthropic.models.messages.MessageCreateParams",
            "com.anthropic.models.beta.messages.MessageCreateParams")));
  }

  private static net.bytebuddy.matcher.ElementMatcher.Junction<net.bytebuddy.description.method.MethodDescription>
      openAiMethod(String name) {
    return ElementMatchers.named(name).and(ElementMatchers.takesArguments(2))
        .and(ElementMatchers.takesArgument(0, ElementMatchers.namedOneOf(
            "com.openai.models.chat.completions.ChatCompletionCreateParams",
            "com.openai.models.responses.ResponseCreateParams",
            "com.openai.models.embeddings.EmbeddingCreateParams")));
  }

  private static boolean present(ClassLoader loader, String className) {
    try {
      Class.forName(className, false, loader);
      return true;
    } catch (Throwable t) {
      Throwables.propagateIfFatal(t);
      return false;
    }
  }
}

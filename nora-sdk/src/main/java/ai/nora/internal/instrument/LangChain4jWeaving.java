package ai.nora.internal.instrument;

import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import ai.nora.internal.instrument.langchain4j.LangChain4jAdvice;
import net.bytebuddy.agent.builder.AgentBuilder;
import java.util.List;
import net.bytebuddy.asm.Advice;

/**
 * Where Nora's advice goes in LangChain4j (1.x). Chat model calls are caught where LangChain4j
 * tells a model's listeners of them ({@code ChatModelListenerUtils}), which every provider
 * module's calls pass through, sync and streamed, whatever HTTP client it uses: so models built
 * before {@code Nora.init} are traced as well. Tools are caught where AI services run them, AI
 * service calls in the service proxy, retrievals in the default retrieval augmentor. Each place
 * is a class of LangChain4j's own, named exactly: no type hierarchy is searched as classes load.
 * A place a LangChain4j version lacks is simply not woven; a place that differs costs a log line.
 */
final class LangChain4jWeaving {
  private static final String CHAT = "dev.langchain4j.model.chat.";
  private static final String SERVICE = "dev.langchain4j.service.";
  private static final String EMBEDDING_MODEL = "dev.langchain4j.model.embedding.EmbeddingModel";

  private LangChain4jWeaving() {}

  static AgentBuilder weave(AgentBuilder.Identified.Extendable builder) {
    return builder
        .type(named(CHAT + "ChatModelListenerUtils"))
        .transform((b, type, loader, module, domain) -> b
            .visit(Advice.to(LangChain4jAdvice.OnRequest.class)
                .on(named("onRequest").and(takesArguments(4))))
            .visit(Advice.to(LangChain4jAdvice.OnResponse.class)
                .on(named("onResponse").and(takesArguments(5))))
            .visit(Advice.to(LangChain4jAdvice.OnError.class)
                .on(named("onError").and(takesArguments(5)))))
        // The handler StreamingChatModel.chat streams through (an anonymous class of it).
        .type(nameStartsWith(CHAT + "StreamingChatModel$")
            .and(hasSuperType(named(CHAT + "response.StreamingChatResponseHandler"))))
        .transform((b, type, loader, module, domain) -> b
            .visit(Advice.to(LangChain4jAdvice.StreamCreated.class).on(isConstructor()))
            .visit(Advice.to(LangChain4jAdvice.Streamed.class).on(namedOneOf(
                "onPartialResponse", "onPartialThinking", "onPartialToolCall", "onCompleteToolCall"))))
        .type(named(SERVICE + "tool.ToolService"))
        .transform((b, type, loader, module, domain) -> b
            .visit(Advice.to(LangChain4jAdvice.Tool.class).on(named("executeWithErrorHandling")
                .and(isStatic()).and(takesArguments(5))
                .and(takesArgument(0, named("dev.langchain4j.agent.tool.ToolExecutionRequest"))))))
        // The AI service proxy's invocation handler (an anonymous class of DefaultAiServices).
        .type(nameStartsWith(SERVICE + "DefaultAiServices$"))
        .transform((b, type, loader, module, domain) -> b
            .visit(Advice.to(LangChain4jAdvice.Service.class).on(named("invoke")
                .and(takesArguments(3)).and(takesArgument(0, java.lang.reflect.Method.class))
                .and(takesArgument(2, named("dev.langchain4j.invocation.InvocationContext"))))))
        .type(named(SERVICE + "AiServiceTokenStream"))
        .transform((b, type, loader, module, domain) -> b
            .visit(Advice.to(LangChain4jAdvice.TokenStreamCreated.class).on(isConstructor()))
            .visit(Advice.to(LangChain4jAdvice.TokenStreamStart.class)
                .on(named("start").and(takesArguments(0)))))
        .type(named(SERVICE + "AiServiceStreamingResponseHandler"))
        .transform((b, type, loader, module, domain) -> b
            .visit(Advice.to(LangChain4jAdvice.HandlerCreated.class).on(isConstructor()))
            .visit(Advice.to(LangChain4jAdvice.HandlerDone.class)
                .on(namedOneOf("onCompleteResponse", "onError").and(takesArguments(1)))))
        // Embeddings: EmbeddingModel.embed(EmbeddingRequest) from 1.18, every model's own
        // embedAll(segments) before (the interface's default embedAll, 1.18 on, calls embed).
        .type(named(EMBEDDING_MODEL))
        .transform((b, type, loader, module, domain) -> b
            .visit(Advice.to(LangChain4jAdvice.Embed.class).on(named("embed").and(takesArguments(1))
                .and(takesArgument(0, named("dev.langchain4j.model.embedding.request.EmbeddingRequest"))))))
        .type(nameStartsWith("dev.langchain4j.").and(not(isInterface())).and(hasSuperType(named(EMBEDDING_MODEL))))
        .transform((b, type, loader, module, domain) -> b
            .visit(Advice.to(LangChain4jAdvice.Embed.class).on(named("embedAll").and(takesArguments(1))
                .and(takesArgument(0, List.class)).and(not(isAbstract())))))
        // langchain4j-agentic: each agent a workflow invokes, and workflows themselves.
        .type(named("dev.langchain4j.agentic.internal.AgentInvoker"))
        .transform((b, type, loader, module, domain) -> b
            .visit(Advice.to(LangChain4jAdvice.AgenticAgent.class)
                .on(named("invoke").and(takesArguments(3)).and(not(isAbstract())))))
        .type(named("dev.langchain4j.agentic.internal.PlannerBasedInvocationHandler"))
        .transform((b, type, loader, module, domain) -> b
            .visit(Advice.to(LangChain4jAdvice.AgenticWorkflow.class).on(named("executeAgentMethod")
                .and(takesArguments(3)).and(takesArgument(1, java.lang.reflect.Method.class)))))
        .type(named("dev.langchain4j.rag.DefaultRetrievalAugmentor"))
        .transform((b, type, loader, module, domain) -> b
            .visit(Advice.to(LangChain4jAdvice.Retrieval.class).on(named("process")
                .and(takesArguments(1)).and(takesArgument(0, java.util.Collection.class)))));
  }
}

package ai.nora.spring;

import ai.nora.Nora;
import ai.nora.internal.instrument.LlmCall;
import ai.nora.internal.instrument.ToolCallTracker;
import ai.nora.internal.Getters;
import ai.nora.trace.EmbeddingSpanData;
import ai.nora.trace.GroupSpanData;
import ai.nora.trace.RetrievalSpanData;
import ai.nora.trace.Span;
import ai.nora.trace.ToolSpanData;
import ai.nora.trace.TraceContext;
import ai.nora.trace.Tracer;
import ai.nora.trace.Usage;
import io.micrometer.observation.Observation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.ai.chat.client.ChatClientRequest;
import org.springframework.ai.chat.client.ChatClientResponse;
import org.springframework.ai.chat.client.observation.ChatClientObservationContext;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.document.Document;
import org.springframework.ai.embedding.EmbeddingRequest;
import org.springframework.ai.embedding.EmbeddingResponse;
import org.springframework.ai.embedding.observation.EmbeddingModelObservationContext;
import org.springframework.ai.tool.observation.ToolCallingObservationContext;
import org.springframework.ai.vectorstore.SearchRequest;
import org.springframework.ai.vectorstore.observation.VectorStoreObservationContext;

/** The recorders of Spring AI's other observations, and what they share. */
final class SpringAiSpans {
  private SpringAiSpans() {}

  /** A {@code ChatClient} call, its advisors included: a group holding the calls it makes. */
  static final class ChatClient implements NoraObservationHandler.Recorder {
    static final ChatClient INSTANCE = new ChatClient();

    @Override
    public Span start(Observation.Context context) {
      ChatClientObservationContext c = (ChatClientObservationContext) context;
      ChatClientRequest request = c.getRequest();
      GroupSpanData data = new GroupSpanData(Map.of());
      if (request != null && request.prompt() != null && request.prompt().getUserMessage() != null) {
        data.input(request.prompt().getUserMessage().getText());
      }
      List<String> advisors = new ArrayList<>();
      if (c.getAdvisors() != null) {
        c.getAdvisors().forEach(a -> advisors.add(a.getName()));
      }
      if (!advisors.isEmpty()) {
        data.putMetadata("advisors", advisors);
      }
      if (c.isStream()) {
        data.putMetadata("stream", true);
      }
      return Nora.tracer().startSpan("ChatClient", data);
    }

    @Override
    public void stop(Observation.Context context, Span span) {
      ChatClientResponse response = ((ChatClientObservationContext) context).getResponse();
      ChatResponse chat = response == null ? null : response.chatResponse();
      if (chat != null && chat.getResult() != null && chat.getResult().getOutput() != null) {
        ((GroupSpanData) span.data()).output(chat.getResult().getOutput().getText());
      }
    }
  }

  /** A tool Spring AI runs for a model: a tool span under the call that asked for it. */
  static final class ToolCall implements NoraObservationHandler.Recorder {
    static final ToolCall INSTANCE = new ToolCall();

    @Override
    public Span start(Observation.Context context) {
      ToolCallingObservationContext c = (ToolCallingObservationContext) context;
      String name = c.getToolDefinition().name();
      ToolSpanData data = new ToolSpanData(name, c.getToolCallArguments());
      Object id = Getters.get(c, "getToolCallId"); // Spring AI 2.0
      Span asking = NoraObservationHandler.enclosingCall(context);
      if (asking != null) {
        // A streamed call runs its tools inside itself: they say what it asked for.
        SpringAiChatModel.askedFor(asking, new ai.nora.trace.ToolCall(id == null ? null : String.valueOf(id),
            name, c.getToolCallArguments()));
      }
      Tracer tracer = Nora.tracer();
      Span above = id == null ? null : ToolCallTracker.claimById(String.valueOf(id));
      if (above != null) {
        return tracer.startSpan(name, data.toolCallId(String.valueOf(id)), TraceContext.of(above));
      }
      // Before 2.0 the observation has no call id: the pending call of that name answers.
      data.toolCallId(id != null ? String.valueOf(id) : ToolCallTracker.claim(name, Tracer.currentSpan()));
      return tracer.startSpan(name, data);
    }

    /** A tool may run inside a streamed call's scope; the calls it makes are its own. */
    @Override
    public Object scopeOpened(Span span) {
      return LlmCall.recordHere();
    }

    @Override
    public void scopeClosed(Object opened) {
      LlmCall.endStandAside(opened);
    }

    @Override
    public void stop(Observation.Context context, Span span) {
      ((ToolSpanData) span.data()).result(((ToolCallingObservationContext) context).getToolCallResult());
    }
  }

  /** A vector store query: a retrieval span with the documents found. */
  static final class VectorStoreQuery implements NoraObservationHandler.Recorder {
    static final VectorStoreQuery INSTANCE = new VectorStoreQuery();

    @Override
    public Span start(Observation.Context context) {
      VectorStoreObservationContext c = (VectorStoreObservationContext) context;
      if (!"query".equals(c.getOperationName())) {
        return null; // adds and deletes are the application's data, not a model's context
      }
      SearchRequest q = c.getQueryRequest();
      return Nora.tracer().startSpan("retrieve " + c.getDatabaseSystem(),
          new RetrievalSpanData(q == null ? null : q.getQuery()));
    }

    @Override
    public void stop(Observation.Context context, Span span) {
      List<Document> found = ((VectorStoreObservationContext) context).getQueryResponse();
      if (found != null) {
        for (Document d : found) {
          ((RetrievalSpanData) span.data()).document(d.getText(), d.getScore(), d.getMetadata());
        }
      }
    }
  }

  /** An embedding model call: an embedding span. */
  static final class Embedding implements NoraObservationHandler.Recorder {
    static final Embedding INSTANCE = new Embedding();
    private static final String CALL = "nora.call";

    @Override
    public Span start(Observation.Context context) {
      EmbeddingModelObservationContext c = (EmbeddingModelObservationContext) context;
      EmbeddingRequest request = c.getRequest();
      String provider = c.getOperationMetadata() == null ? "spring_ai" : c.getOperationMetadata().provider();
      String model = request.getOptions() == null ? null : request.getOptions().getModel();
      LlmCall call = LlmCall.start("embeddings", () -> new EmbeddingSpanData(provider, model == null ? "unknown" : model)
          .input(request.getInstructions()));
      if (!call.isRecording()) {
        return null;
      }
      context.put(CALL, call);
      return call.span();
    }

    @Override
    public Object scopeOpened(Span span) {
      return LlmCall.standAside();
    }

    @Override
    public void scopeClosed(Object opened) {
      LlmCall.endStandAside(opened);
    }

    @Override
    public void stop(Observation.Context context, Span span) {
      LlmCall call = succeeded(context, CALL);
      if (call == null) {
        return;
      }
      call.succeed(((EmbeddingModelObservationContext) context).getResponse(), (EmbeddingSpanData d, EmbeddingResponse r) -> {
        if (r == null) {
          return;
        }
        d.vectorCount(r.getResults().size());
        if (!r.getResults().isEmpty() && r.getResults().get(0).getOutput() != null) {
          d.dimensions(r.getResults().get(0).getOutput().length);
        }
        if (r.getMetadata() != null && r.getMetadata().getUsage() != null
            && r.getMetadata().getUsage().getPromptTokens() != null) {
          long in = r.getMetadata().getUsage().getPromptTokens();
          d.usage(new Usage(in, null, in, null, null, null));
        }
      });
    }
  }

  /**
   * The call a model observation recorded (under {@code key}), to be filled from its result; null
   * when there is none, or when the observation failed (the call is then ended with its error).
   */
  static LlmCall succeeded(Observation.Context context, String key) {
    LlmCall call = context.get(key);
    if (call != null && context.getError() != null) {
      call.fail(context.getError(), Getters.httpStatus(context.getError()));
      return null;
    }
    return call;
  }

}

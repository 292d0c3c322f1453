package ai.nora.internal.instrument.openai;

import ai.nora.internal.instrument.LlmCall;
import ai.nora.internal.instrument.StreamAssembler;
import ai.nora.trace.GenerationSpanData;
import ai.nora.trace.SpanData;
import com.openai.errors.OpenAIServiceException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;

/**
 * The openai-java endpoints Nora records, each mapping its own request and response onto span
 * data; the recording, streaming and async plumbing is the same for all. This enum is internal
 * and is hence not for public use.
 */
enum OpenAiEndpoint {
  CHAT("openai.chat") {
    @Override
    SpanData request(Object params, boolean stream) {
      return OpenAiChatAdapter.request((ChatCompletionCreateParams) params, stream);
    }

    @Override
    void response(SpanData data, Object response) {
      OpenAiChatAdapter.response((GenerationSpanData) data, (ChatCompletion) response);
    }

    @Override
    StreamAssembler<?> assembler(LlmCall call) {
      return new OpenAiChatStream(call);
    }
  },
  RESPONSES("openai.responses") {
    @Override
    SpanData request(Object params, boolean stream) {
      return OpenAiResponsesAdapter.request((ResponseCreateParams) params, stream);
    }

    @Override
    void response(SpanData data, Object response) {
      OpenAiResponsesAdapter.response((GenerationSpanData) data, (Response) response);
    }

    @Override
    StreamAssembler<?> assembler(LlmCall call) {
      return new OpenAiResponsesStream(call);
    }
  },
  EMBEDDINGS("openai.embeddings") {
    @Override
    SpanData request(Object params, boolean stream) {
      return OpenAiEmbeddingAdapter.request((EmbeddingCreateParams) params);
    }

    @Override
    void response(SpanData data, Object response) {
      OpenAiEmbeddingAdapter.response(data, (CreateEmbeddingResponse) response);
    }

    @Override
    StreamAssembler<?> assembler(LlmCall call) {
      return null; // embeddings are not streamed
    }
  };

  /** The endpoint whose request {@code params} are, or null. */
  static OpenAiEndpoint of(Object params) {
    if (params instanceof ChatCompletionCreateParams) {
      return CHAT;
    }
    if (params instanceof ResponseCreateParams) {
      return RESPONSES;
    }
    return params instanceof EmbeddingCreateParams ? EMBEDDINGS : null;
  }

  /** The operation spans are named after (with the model). */
  final String operation;

  OpenAiEndpoint(String operation) {
    this.operation = operation;
  }

  abstract SpanData request(Object params, boolean stream);

  abstract void response(SpanData data, Object response);

  abstract StreamAssembler<?> assembler(LlmCall call);

  /** The HTTP status of a provider error, when it has one. */
  static Integer status(Throwable t) {
    return t instanceof OpenAIServiceException ? ((OpenAIServiceException) t).statusCode() : null;
  }
}

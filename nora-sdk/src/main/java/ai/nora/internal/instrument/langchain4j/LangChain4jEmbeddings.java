package ai.nora.internal.instrument.langchain4j;

import ai.nora.internal.instrument.LlmCall;
import ai.nora.internal.Getters;
import ai.nora.trace.EmbeddingSpanData;
import ai.nora.trace.Usage;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.output.TokenUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * LangChain4j embedding calls as embedding spans. Releases before 1.18 embed through each
 * model's {@code embedAll(List<TextSegment>)}; later ones through {@code
 * EmbeddingModel.embed(EmbeddingRequest)}, whose types Nora does not link against (it compiles
 * against the oldest release), so requests and responses are read by their getters' names. One
 * call records once, however many of these methods it passes through. This class is internal and
 * is hence not for public use.
 */
final class LangChain4jEmbeddings {
  /** Set while an embedding call is recorded on this thread: the methods it passes through stand aside. */
  private static final ThreadLocal<Boolean> RECORDING = new ThreadLocal<>();

  private LangChain4jEmbeddings() {}

  /** Starts recording {@code model} embedding {@code input}; null when not recorded here. */
  static LlmCall start(Object model, Object input) {
    if (RECORDING.get() != null || model == null) {
      return null;
    }
    LlmCall call = LlmCall.start("embeddings", () -> new EmbeddingSpanData(provider(model), modelName(model))
        .input(texts(input)));
    if (!call.isRecording()) {
      return null;
    }
    RECORDING.set(Boolean.TRUE);
    return call;
  }

  static void end(LlmCall call, Object result, Throwable thrown) {
    RECORDING.remove();
    if (thrown != null) {
      call.fail(thrown, Getters.httpStatus(thrown));
    } else {
      call.succeed(result, LangChain4jEmbeddings::response);
    }
  }

  private static void response(EmbeddingSpanData d, Object result) {
    // Response<List<Embedding>> (content, tokenUsage) or EmbeddingResponse (embeddings, metadata).
    Object embeddings = Getters.get(result, "content");
    Object usage = Getters.get(result, "tokenUsage");
    if (embeddings == null) {
      embeddings = Getters.get(result, "embeddings");
      Object meta = Getters.get(result, "metadata");
      usage = meta == null ? null : Getters.get(meta, "tokenUsage");
    }
    if (embeddings instanceof List) {
      List<?> list = (List<?>) embeddings;
      d.vectorCount(list.size());
      if (!list.isEmpty() && list.get(0) != null) {
        Object dimension = Getters.get(list.get(0), "dimension");
        d.dimensions(dimension instanceof Number ? ((Number) dimension).intValue() : null);
      }
    }
    if (usage instanceof TokenUsage) {
      TokenUsage u = (TokenUsage) usage;
      Long in = LangChain4jChat.asLong(u.inputTokenCount());
      Long total = LangChain4jChat.asLong(u.totalTokenCount());
      if (in != null || total != null) {
        d.usage(new Usage(in != null ? in : total, null, total != null ? total : in, null, null, null));
      }
    }
  }

  /** The texts embedded: of a list of segments, or of an embedding request's inputs. */
  private static List<String> texts(Object input) {
    Object items = input instanceof List ? input : Getters.get(input, "inputs");
    List<String> out = new ArrayList<>();
    if (items instanceof List) {
      for (Object o : (List<?>) items) {
        Object text = o instanceof TextSegment ? ((TextSegment) o).text() : Getters.get(o, "text");
        out.add(text == null ? null : String.valueOf(text));
      }
    }
    return out;
  }

  private static String provider(Object model) {
    Object p = Getters.get(model, "provider");
    if (p != null && !"OTHER".equals(p.toString())) {
      return LangChain4jChat.provider(p);
    }
    // Before ModelProvider on embedding models: the module's package says it.
    String pkg = model.getClass().getPackageName();
    if (pkg.startsWith("dev.langchain4j.model.")) {
      String module = pkg.substring("dev.langchain4j.model.".length());
      int dot = module.indexOf('.');
      module = dot < 0 ? module : module.substring(0, dot);
      switch (module) {
        case "openai":
          return "openai";
        case "googleai":
          return "gemini";
        default:
          return module.toLowerCase(Locale.ROOT);
      }
    }
    return "langchain4j";
  }

  private static String modelName(Object model) {
    Object name = Getters.get(model, "modelName");
    return name == null || "unknown".equals(name) ? model.getClass().getSimpleName() : String.valueOf(name);
  }
}

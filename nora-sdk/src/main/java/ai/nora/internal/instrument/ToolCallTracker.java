package ai.nora.internal.instrument;

import ai.nora.trace.GenerationSpanData;
import ai.nora.trace.Message;
import ai.nora.trace.Span;
import ai.nora.trace.ToolCall;
import ai.nora.trace.ToolSpanData;
import ai.nora.trace.Tracer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Traces tool executions that happen between LLM calls, without any code in the tool: when a
 * traced response asks for tool calls, their ids are remembered; when a later request carries a
 * result for one of them (an OpenAI {@code tool} message, an Anthropic {@code tool_result} block,
 * a Gemini {@code functionResponse} part), a {@code tool} span records the tool's name,
 * arguments and result, under the same parent as the call that asked for it, timed from the end
 * of that call to the start of the one that answers. A tool already traced explicitly with
 * {@code Nora.tool(...)} claims its call and is not recorded twice. Bounded: at most {@value
 * #CAPACITY} calls, none older than {@link #MAX_AGE_NANOS} (a call unanswered that long will not
 * be), the oldest going first; what is kept of a call is its tool's name and arguments and the
 * span to record the tool under, not the call's own span and content. Forgotten at shut-down.
 * This class is internal and is hence not for public use.
 */
public final class ToolCallTracker {
  static final int CAPACITY = 10_000;
  static final long MAX_AGE_NANOS = java.util.concurrent.TimeUnit.MINUTES.toNanos(15);

  /**
   * A call's tool call, until answered.
   *
   * @param above the span the tool belongs under: the parent of the call that asked, or that call
   *     when it had none
   * @param requestedById the id of the call that asked
   * @param requestedEndNanos when that call ended: the tool's start
   * @param rememberedAt {@link System#nanoTime()} when remembered
   */
  private record Pending(String name, String arguments, Span above, String requestedById,
      long requestedEndNanos, long rememberedAt) {}

  private static final Map<String, Pending> PENDING =
      new LinkedHashMap<>(64, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Pending> eldest) {
          return size() > CAPACITY || System.nanoTime() - eldest.getValue().rememberedAt() > MAX_AGE_NANOS;
        }
      };

  private ToolCallTracker() {}

  /** After a traced response: remember the tool calls it asked for. */
  static void remember(Span span, GenerationSpanData data) {
    List<ToolCall> calls = data.toolCalls();
    if (calls.isEmpty()) {
      return;
    }
    Span above = span.parent() != null ? span.parent() : span;
    long now = System.nanoTime();
    synchronized (PENDING) {
      for (ToolCall c : calls) {
        if (c.id() != null) {
          PENDING.put(c.id(), new Pending(c.name(), c.arguments(), above, span.id(), span.endEpochNanos(), now));
        }
      }
    }
  }

  /**
   * Before a traced request: record a tool span for each tool result it carries. Returns the span
   * the answered calls belong under (the parent of the call that asked), or null when it
   * answers none.
   */
  static Span closeToolsAnsweredBy(List<Message> input, Tracer tracer) {
    Span answered = null;
    if (input == null || input.isEmpty()) {
      return null;
    }
    for (Message m : input) {
      if (m.toolCallId() == null) {
        continue;
      }
      Pending p;
      synchronized (PENDING) {
        p = PENDING.remove(m.toolCallId());
      }
      if (p == null) {
        continue;
      }
      Span parent = p.above();
      ToolSpanData data = new ToolSpanData(p.name(), p.arguments()).toolCallId(m.toolCallId())
          .result(m.content());
      Span tool = tracer.startSpanAt(p.name(), data, parent, p.requestedEndNanos());
      tool.end(tool.now());
      if (answered == null) {
        answered = parent;
      }
    }
    return answered;
  }

  /**
   * For {@code Nora.tool(name, ...)}: the id of a pending call to that tool asked for under the
   * given parent, which the explicit span now answers; null when there is none.
   */
  public static String claim(String toolName, Span currentParent) {
    synchronized (PENDING) {
      for (Map.Entry<String, Pending> e : PENDING.entrySet()) {
        Pending p = e.getValue();
        if (p.name() != null && p.name().equals(toolName) && currentParent != null
            && (p.above() == currentParent || p.requestedById().equals(currentParent.id()))) {
          PENDING.remove(e.getKey());
          return e.getKey();
        }
      }
    }
    return null;
  }

  /**
   * For a framework that runs the tool itself and records it as it runs: takes the pending call
   * {@code toolCallId} and returns the span that belongs above the tool (the parent of the call
   * that asked for it), or null when no traced call asked for it.
   */
  public static Span claimById(String toolCallId) {
    if (toolCallId == null) {
      return null;
    }
    Pending p;
    synchronized (PENDING) {
      p = PENDING.remove(toolCallId);
    }
    return p == null ? null : p.above();
  }

  /** Forgets every remembered call (at shut-down). */
  public static void clear() {
    synchronized (PENDING) {
      PENDING.clear();
    }
  }
}

package ai.nora.trace;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One end-to-end workflow: the outermost trace group, or an LLM call made outside any group. A
 * trace has exactly one root span and ends when it does; its status, input and output are the
 * root's. The Agents SDK's {@code group_id} (linking the traces of one conversation) is Nora's
 * {@link #sessionId()}.
 *
 * <p>Processors receive the live trace at start (status {@link Status#PENDING}) and the same
 * object, now complete, at end.
 */
public final class Trace {
  private final Tracer tracer;
  private final long idHigh;
  private final long idLow;
  private final String name;
  private final String environment;
  private final boolean sampled;
  private final long startEpochNanos;
  private final long anchorNanoTime;
  private final Aggregate aggregate = new Aggregate();
  private String id;

  private volatile String sessionId;
  private volatile String userId;
  private volatile Map<String, Object> metadata = Map.of();
  private volatile Object input;
  private volatile Object output;
  private volatile Status status = Status.PENDING;
  private volatile SpanError error;
  private volatile long endEpochNanos;
  /** The OpenTelemetry span the trace started in, or null. */
  private String joinedParent;

  Trace(Tracer tracer, long idHigh, long idLow, String name, boolean sampled) {
    this.tracer = tracer;
    this.idHigh = idHigh;
    this.idLow = idLow;
    this.name = name;
    this.environment = tracer.environment();
    this.sampled = sampled;
    Clock clock = tracer.clock();
    // Anchor once per trace: all its times then come from the monotonic clock, so no span
    // of it can end before it starts when the wall clock is adjusted.
    this.anchorNanoTime = clock.nanoTime();
    this.startEpochNanos = clock.epochNanos();
  }

  long now() {
    return startEpochNanos + (tracer.clock().nanoTime() - anchorNanoTime);
  }

  Tracer tracer() {
    return tracer;
  }

  long idLow() {
    return idLow;
  }

  /**
   * Sets the trace's session where nothing set one: for a framework that knows the conversation
   * (a chat memory id) but not the application's own session.
   */
  public void defaultSessionId(String value) {
    if (sessionId == null && value != null && !value.isBlank()) {
      sessionId = value;
    }
  }

  void joinedParent(String spanId) {
    this.joinedParent = spanId;
  }

  /**
   * The span id of the OpenTelemetry span current where the trace started (its trace id is this
   * trace's), or null: the parent of the trace's root spans.
   */
  public String joinedParent() {
    return joinedParent;
  }

  /** The trace id: 32 lowercase hex characters. */
  public String id() {
    String s = id;
    if (s == null) {
      s = Ids.hex(idHigh, idLow);
      id = s;
    }
    return s;
  }

  /** The workflow's name. */
  public String name() {
    return name;
  }

  /** The environment the trace was recorded in ({@code default}, {@code production}...). */
  public String environment() {
    return environment;
  }

  /** Whether the trace was kept by sampling; processors only ever see sampled traces. */
  public boolean sampled() {
    return sampled;
  }

  /** The session (conversation, chat thread) this trace belongs to, or null. */
  public String sessionId() {
    return sessionId;
  }

  /** The user this trace ran for, or null. */
  public String userId() {
    return userId;
  }

  /** The trace's metadata (the outermost group's). */
  public Map<String, Object> metadata() {
    return metadata;
  }

  /** The trace's input, or null. */
  public Object input() {
    return input;
  }

  /** The trace's output, or null. */
  public Object output() {
    return output;
  }

  /** {@code PENDING} until the root span ends, then its status. */
  public Status status() {
    return status;
  }

  /** The error, when the status is {@code ERROR}. */
  public SpanError error() {
    return error;
  }

  /** Start time in nanoseconds since the epoch. */
  public long startEpochNanos() {
    return startEpochNanos;
  }

  /** End time in nanoseconds since the epoch; 0 while pending. */
  public long endEpochNanos() {
    return endEpochNanos;
  }

  /** Whether the trace has ended. */
  public boolean isEnded() {
    return status != Status.PENDING;
  }

  /** Calls, tokens, cost and errors of the whole trace. */
  public Aggregate aggregate() {
    return aggregate;
  }

  void start(Map<String, Object> rootMetadata, Object rootInput, ContentPolicy policy) {
    if (rootMetadata == null || rootMetadata.isEmpty()) {
      return;
    }
    Map<String, Object> copy = new LinkedHashMap<>(rootMetadata);
    Object user = copy.get("user_id");
    Object session = copy.get("session_id");
    this.userId = user == null ? null : String.valueOf(user);
    this.sessionId = session == null ? null : String.valueOf(session);
    @SuppressWarnings("unchecked")
    Map<String, Object> kept = (Map<String, Object>) policy.metadata(copy);
    this.metadata = kept;
    if (rootInput == null && copy.containsKey("input")) {
      // The original Nora took a group's input from its metadata's "input" key.
      this.input = policy.content(copy.get("input"));
    }
  }

  void end(Status finalStatus, SpanError finalError, Object rootInput, Object rootOutput) {
    if (rootInput != null) {
      this.input = rootInput;
    }
    this.output = rootOutput;
    this.error = finalError;
    this.endEpochNanos = now();
    this.status = finalStatus;
  }

  @Override
  public String toString() {
    return "Trace{" + id() + " '" + name + "' " + status + "}";
  }
}

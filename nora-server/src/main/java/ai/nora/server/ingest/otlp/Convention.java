package ai.nora.server.ingest.otlp;

import java.util.List;
import java.util.Map;

/**
 * One instrumentation library's attribute names, as a table: which attribute says what kind of
 * span it is ({@link Kind}), which attribute holds which {@link Field}, which prefixes collect
 * parameters or metadata, and where its flattened messages are. Conventions are read in a fixed
 * order; the first one to give a field wins.
 *
 * @param name the convention, for documentation and tests
 * @param kinds attribute values that decide the span type
 * @param fields attribute name to field
 * @param prefixes attribute-name prefix to the field collecting the rest of the name as a key
 *     ({@link Field#PARAMETERS} or {@link Field#METADATA})
 * @param messages where flattened messages live
 */
record Convention(String name, List<Kind> kinds, Map<String, Field> fields,
    Map<String, Field> prefixes, List<FlatMessages> messages) {

  /** Span types Nora maps onto, plus {@code framework}: a custom span kept but not a call. */
  static final String FRAMEWORK = "framework";

  /**
   * A row of the kind table: attribute {@code key} equal to {@code value} (ignoring case) makes
   * the span a {@code type}.
   */
  record Kind(String key, String value, String type) {}

  /**
   * Messages flattened into attributes: {@code <prefix><i>.<item><role>}, and the tool calls of
   * message {@code i} at {@code <prefix><i>.<item><calls><j>.<call><id|name|arguments>}.
   *
   * @param prefix before the message index, e.g. {@code llm.input_messages.}
   * @param item after the index, e.g. {@code message.} (may be empty)
   * @param calls the tool calls' sub-prefix, e.g. {@code tool_calls.}
   * @param call after the call index, e.g. {@code tool_call.} (may be empty)
   * @param callName the name's key under a call, e.g. {@code function.name}
   * @param callArguments the arguments' key under a call
   * @param output whether these are the output messages (else the input)
   */
  record FlatMessages(String prefix, String item, String calls, String call, String callName,
      String callArguments, boolean output) {}
}

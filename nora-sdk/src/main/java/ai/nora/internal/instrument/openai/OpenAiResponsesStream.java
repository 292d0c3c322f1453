package ai.nora.internal.instrument.openai;

import ai.nora.internal.instrument.LlmCall;
import ai.nora.internal.instrument.StreamAssembler;
import ai.nora.trace.GenerationSpanData;
import ai.nora.trace.Message;
import com.fasterxml.jackson.databind.JsonNode;
import com.openai.core.ObjectMappers;
import com.openai.models.responses.ResponseStreamEvent;
import java.util.List;

/**
 * Assembles a streamed Responses call: its final event ({@code response.completed}, {@code
 * .incomplete} or {@code .failed}) carries the whole response, usage included; text deltas mark
 * the first token and stand in for the output when the stream is closed before the end. Only
 * those events are converted, so the many others cost a type check each. This class is internal
 * and is hence not for public use.
 */
final class OpenAiResponsesStream implements StreamAssembler<ResponseStreamEvent> {
  private final LlmCall call;
  private final StringBuilder text = new StringBuilder();
  private JsonNode last;

  OpenAiResponsesStream(LlmCall call) {
    this.call = call;
  }

  @Override
  public synchronized void onItem(ResponseStreamEvent event) {
    if (event.isOutputTextDelta()) {
      call.firstToken();
      text.append(event.asOutputTextDelta().delta());
    } else if (event.isFunctionCallArgumentsDelta() || event.isReasoningSummaryTextDelta()) {
      call.firstToken();
    } else if (event.isCompleted()) {
      last = ObjectMappers.jsonMapper().valueToTree(event.asCompleted().response());
    } else if (event.isIncomplete()) {
      last = ObjectMappers.jsonMapper().valueToTree(event.asIncomplete().response());
    } else if (event.isFailed()) {
      last = ObjectMappers.jsonMapper().valueToTree(event.asFailed().response());
    }
  }

  @Override
  public synchronized void fill(GenerationSpanData d) {
    if (last != null) {
      OpenAiResponsesAdapter.response(d, last);
    } else if (text.length() > 0) {
      d.output(List.of(Message.of("assistant", text.toString())));
    }
  }
}

package ai.nora;

import static org.assertj.core.api.Assertions.assertThat;

import ai.nora.export.BatchTraceProcessor;
import ai.nora.export.ExportBatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What Nora.exportStatus() says of delivered and failed batches (health checks read it). */
class ExportStatusTest {
  final AtomicBoolean up = new AtomicBoolean(true);

  @AfterEach
  void stop() {
    Nora.shutdown();
  }

  @Test
  void deliveredThenFailing_thenDeliveredAgain() {
    assertThat(Nora.exportStatus()).isEqualTo(ExportStatus.NONE);
    TestNora.init(b -> b.addProcessor(BatchTraceProcessor.create((ExportBatch batch) -> up.get())));

    TestNora.llmCall("m1", "q", "a", 1, 1);
    assertThat(Nora.flush()).isTrue();
    ExportStatus ok = Nora.exportStatus();
    assertThat(ok.exported()).isEqualTo(1);
    assertThat(ok.failed()).isZero();
    assertThat(ok.failing()).isFalse();
    assertThat(ok.lastSuccessMillis()).isPositive();

    up.set(false);
    TestNora.llmCall("m1", "q", "a", 1, 1);
    Nora.flush();
    ExportStatus down = Nora.exportStatus();
    assertThat(down.failed()).isEqualTo(1);
    assertThat(down.failing()).isTrue();

    up.set(true);
    TestNora.llmCall("m1", "q", "a", 1, 1);
    assertThat(Nora.flush()).isTrue();
    assertThat(Nora.exportStatus().failing()).as("delivered since the failure").isFalse();
    assertThat(Nora.exportStatus().exported()).isEqualTo(3);
  }
}

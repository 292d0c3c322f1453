package ai.nora.internal;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ThrowablesTest {
  @Test
  void anSdkOfAnotherVersion_linkageErrorsAreSurvived() {
    // What an adapter built against one SDK version meets on another: Nora logs and goes on.
    assertThatCode(() -> Throwables.propagateIfFatal(new NoSuchMethodError("ChatCompletion.model()")))
        .doesNotThrowAnyException();
    assertThatCode(() -> Throwables.propagateIfFatal(new NoClassDefFoundError("com/openai/models/Gone")))
        .doesNotThrowAnyException();
  }

  @Test
  void theJvmOutOfMemoryOrStack_isNeverSwallowed() {
    assertThatThrownBy(() -> Throwables.propagateIfFatal(new OutOfMemoryError())).isInstanceOf(OutOfMemoryError.class);
    assertThatThrownBy(() -> Throwables.propagateIfFatal(new StackOverflowError()))
        .isInstanceOf(StackOverflowError.class);
  }
}

package ai.nora;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs the annotated method inside a trace group named after it (or {@link #name()}), as the
 * original Nora's {@code @nora.trace_group} decorator did:
 *
 * <pre>{@code
 * @Traced
 * String summarizeArticle(String text) { ... }           // group "summarizeArticle"
 *
 * @Traced(name = "multi_agent_research")
 * CompletableFuture<String> research(String topic) { ... } // open until the future completes
 * }</pre>
 *
 * <p>The result becomes the group's output; an exception marks it failed and passes on unchanged.
 * A method returning a {@code CompletionStage} keeps its group open until the stage completes;
 * one returning a {@code Stream} or an {@code Iterator}, until it is exhausted or closed. Takes
 * effect through {@code Nora.init} with auto-patch on (the default) or the {@code -javaagent}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Traced {
  /** The group's name; the method's name when empty. */
  String name() default "";
}

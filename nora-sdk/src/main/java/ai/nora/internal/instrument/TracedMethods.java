package ai.nora.internal.instrument;

import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.matcher.ElementMatchers;

/**
 * Weaves trace groups into {@code @Traced} methods and the methods that {@code tracedFunctions}
 * names ({@code com.acme.Workflow#run} or {@code com.acme.Workflow.run}; every overload). JDK,
 * Kotlin and common library classes are never looked at, which keeps the scan of loaded classes
 * short. This class is internal and is hence not for public use.
 */
final class TracedMethods {
  private static final String TRACED = "ai.nora.Traced";

  private TracedMethods() {}

  /** A class and method named in {@code tracedFunctions}. */
  record Named(String type, String method) {
    static Named parse(String spec) {
      String s = spec.strip();
      int hash = s.indexOf('#');
      int split = hash >= 0 ? hash : s.lastIndexOf('.');
      if (split <= 0 || split == s.length() - 1) {
        throw new IllegalArgumentException("tracedFunctions: '" + spec
            + "' is not Class#method or Class.method (a fully qualified class name)");
      }
      return new Named(s.substring(0, split), s.substring(split + 1));
    }
  }

  static AgentBuilder weave(AgentBuilder builder, List<String> tracedFunctions) {
    List<Named> named = new ArrayList<>();
    for (String spec : tracedFunctions) {
      named.add(Named.parse(spec));
    }
    ElementMatcher.Junction<MethodDescription> methods = ElementMatchers.isAnnotatedWith(
        ElementMatchers.named(TRACED));
    ElementMatcher.Junction<TypeDescription> types = ElementMatchers.declaresMethod(
        ElementMatchers.isAnnotatedWith(ElementMatchers.named(TRACED)));
    for (Named n : named) {
      types = types.or(ElementMatchers.named(n.type()));
      methods = methods.or(ElementMatchers.named(n.method())
          .and(ElementMatchers.isDeclaredBy(ElementMatchers.named(n.type()))));
    }
    ElementMatcher.Junction<MethodDescription> concrete =
        methods.and(ElementMatchers.not(ElementMatchers.isAbstract()))
            .and(ElementMatchers.not(ElementMatchers.isConstructor()));
    return builder
        .type(ElementMatchers.not(ignored()).and(types))
        .transform((b, type, loader, module, domain) -> b
            .visit(Advice.to(TracedAdvice.class)
                .on(concrete.and(ElementMatchers.not(ElementMatchers.returns(void.class)))))
            .visit(Advice.to(TracedAdvice.ForVoid.class)
                .on(concrete.and(ElementMatchers.returns(void.class)))));
  }

  private static ElementMatcher.Junction<TypeDescription> ignored() {
    ElementMatcher.Junction<TypeDescription> m = ElementMatchers.none();
    for (String prefix : new String[] {"java.", "javax.", "jdk.", "sun.", "com.sun.", "kotlin.",
        "kotlinx.", "okhttp3.", "okio.", "com.fasterxml.", "org.slf4j.", "org.junit.", "org.assertj.",
        "net.bytebuddy.", "ai.nora.shaded.", "ai.nora.trace.", "ai.nora.export.", "ai.nora.internal.",
        "com.openai.", "com.anthropic.", "com.google.", "org.apache.maven.",
        "org.eclipse.", "io.opentelemetry."}) {
      m = m.or(ElementMatchers.nameStartsWith(prefix));
    }
    return m;
  }
}

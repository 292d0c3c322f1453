package ai.nora.examples;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What the stand-in provider says to each example: answers written per example
 * ({@code standin/answers.tsv}), found by a part of the last message, so that every trace of the
 * demo shows an answer that fits its prompt.
 */
final class StandInAnswers {
  /**
   * An answer: a text, or the arguments of tool calls to ask for.
   *
   * @param text the answer's text, or null for tool calls
   * @param toolArguments one JSON object per tool call, empty for a text
   */
  record Answer(String text, List<String> toolArguments) {
    boolean isToolCall() {
      return !toolArguments.isEmpty();
    }
  }

  private record Entry(String key, String answer) {}

  private final List<Entry> entries;

  private StandInAnswers(List<Entry> entries) {
    this.entries = entries;
  }

  /** The table shipped with the examples. */
  static StandInAnswers load() {
    List<Entry> entries = new ArrayList<>();
    try (InputStream in = StandInAnswers.class.getResourceAsStream("/standin/answers.tsv")) {
      if (in == null) {
        throw new IllegalStateException("the stand-in's answers.tsv is missing from this build");
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        int tab = line.indexOf('\t');
        if (line.startsWith("#") || tab <= 0) {
          continue;
        }
        entries.add(new Entry(line.substring(0, tab), line.substring(tab + 1)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // The longest matching part wins: "Summarize: Doc 1" before "Summarize:".
    entries.sort(Comparator.comparingInt((Entry e) -> e.key.length()).reversed());
    return new StandInAnswers(entries);
  }

  /**
   * The answer to a request whose last message is {@code prompt}; a tool call only when the
   * request offers tools. A prompt no example uses gets a text that says so, quoting it.
   */
  Answer answer(String prompt, boolean toolsOffered) {
    String p = prompt == null ? "" : prompt;
    for (Entry e : entries) {
      if (!p.contains(e.key)) {
        continue;
      }
      if (e.answer.startsWith("tool:")) {
        if (!toolsOffered) {
          continue;
        }
        List<String> args = new ArrayList<>();
        for (String a : e.answer.substring("tool:".length()).split(" \\| ")) {
          args.add(a.strip());
        }
        return new Answer(null, args);
      }
      return new Answer(e.answer, List.of());
    }
    String quoted = p.length() > 80 ? p.substring(0, 77) + "..." : p;
    return new Answer("(stand-in) No answer was written for \"" + quoted + "\"; a real model would answer here.",
        List.of());
  }

  /** A rough token count, as providers' tokenizers give about four characters a token. */
  static long tokens(String text) {
    return text == null || text.isEmpty() ? 1 : Math.max(1, (text.length() + 3) / 4);
  }
}

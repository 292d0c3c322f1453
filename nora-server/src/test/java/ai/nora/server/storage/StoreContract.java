package ai.nora.server.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What every storage backend must do. Each test works in a project of its own, so backends
 * need no cleaning between tests.
 */
public abstract class StoreContract {
  protected abstract Store store();

  protected abstract KeyStore keyStore();

  private final String project = "p-" + UUID.randomUUID();
  private static final long T0 = 1_765_858_530_000_000L; // 2025-12-16T04:15:30Z

  static String traceId(int n) {
    return String.format("%032x", 0x4bf92f3577b34da6L + n);
  }

  static String spanId(int n) {
    return String.format("%016x", 0x00f067aa0ba90200L + n);
  }

  static TraceRecord trace(String id, String status, long start, Long end) {
    return TraceRecord.builder(id, "workflow", status, start).end(end).context("production", "sess-1", "user-1")
        .metadata("{\"user_id\":\"user-1\"}").input("\"question\"").output(end == null ? null : "\"answer\"").build();
  }

  static SpanRecord generation(String traceId, String id, String parent, long start, long tokensIn,
      long tokensOut, Double cost) {
    return SpanRecord.builder(traceId, id).parent(parent).type("generation").name("openai.chat").status("success")
        .time(start, start + 500_000).model("openai", "gpt-4o-mini").tokens(tokensIn, tokensOut, tokensIn + tokensOut)
        .cachedAndReasoning(0L, 0L).cost(cost)
        .body("{\"id\":\"" + id + "\",\"type\":\"generation\",\"model\":\"gpt-4o-mini\"}").build();
  }

  static SpanRecord group(String traceId, String id, long start, long end) {
    return SpanRecord.builder(traceId, id).type("group").name("workflow").status("success").time(start, end)
        .body("{\"id\":\"" + id + "\",\"type\":\"group\"}").build();
  }

  @Test
  void aTraceWithItsSpans_isStoredWithItsTotals() {
    String t = traceId(1);
    store().write(project, List.of(trace(t, "success", T0, T0 + 3_000_000)),
        List.of(group(t, spanId(1), T0, T0 + 3_000_000),
            generation(t, spanId(2), spanId(1), T0 + 100, 80, 50, 0.001),
            generation(t, spanId(3), spanId(1), T0 + 200, 20, 10, 0.002)));

    TraceRow row = store().trace(project, t).orElseThrow();
    assertThat(row.status()).isEqualTo("success");
    assertThat(row.calls()).isEqualTo(2);
    assertThat(row.inputTokens()).isEqualTo(100);
    assertThat(row.outputTokens()).isEqualTo(60);
    assertThat(row.totalTokens()).isEqualTo(160);
    assertThat(row.cost()).isCloseTo(0.003, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(row.sessionId()).isEqualTo("sess-1");
    assertThat(store().spans(project, t)).extracting(SpanRow::id)
        .containsExactly(spanId(1), spanId(2), spanId(3));
  }

  @Test
  void theSameBatchTwice_isStoredOnce() {
    String t = traceId(2);
    List<TraceRecord> traces = List.of(trace(t, "success", T0, T0 + 1_000_000));
    List<SpanRecord> spans = List.of(generation(t, spanId(1), null, T0, 10, 5, 0.5));

    store().write(project, traces, spans);
    store().write(project, traces, spans);

    assertThat(store().spans(project, t)).hasSize(1);
    TraceRow row = store().trace(project, t).orElseThrow();
    assertThat(row.calls()).isEqualTo(1);
    assertThat(row.totalTokens()).isEqualTo(15);
    assertThat(row.cost()).isEqualTo(0.5);
  }

  @Test
  void oneBatchCarryingAnItemTwice_storesItOnceAndKeepsTheFinalTrace() {
    String t = traceId(20);
    SpanRecord span = generation(t, spanId(1), null, T0, 2, 3, null);

    store().write(project, List.of(trace(t, "success", T0, T0 + 10), trace(t, "pending", T0, null)),
        List.of(span, span));

    assertThat(store().trace(project, t).orElseThrow().status()).isEqualTo("success");
    assertThat(store().spans(project, t)).hasSize(1);
    assertThat(store().trace(project, t).orElseThrow().totalTokens()).isEqualTo(5);
  }

  @Test
  void spansBeforeTheirTrace_andPendingAfterFinal_endTheSame() {
    String t = traceId(3);
    // Out of order: a span, then the final trace, then a late pending copy of the trace.
    store().write(project, List.of(), List.of(generation(t, spanId(2), spanId(1), T0 + 10, 3, 4, null)));
    assertThat(store().trace(project, t)).hasValueSatisfying(r -> assertThat(r.status()).isEqualTo("pending"));
    store().write(project, List.of(trace(t, "success", T0, T0 + 2_000_000)), List.of());
    store().write(project, List.of(trace(t, "pending", T0, null)),
        List.of(group(t, spanId(1), T0, T0 + 2_000_000)));

    TraceRow row = store().trace(project, t).orElseThrow();
    assertThat(row.status()).isEqualTo("success");
    assertThat(row.endUs()).isEqualTo(T0 + 2_000_000);
    assertThat(row.outputJson()).isEqualTo("\"answer\"");
    assertThat(row.name()).isEqualTo("workflow");
    assertThat(row.totalTokens()).isEqualTo(7);
    assertThat(store().spans(project, t)).hasSize(2);
  }

  @Test
  void aTraceKnownOnlyFromItsSpans_takesNameStatusAndTimesFromItsRoot() {
    String t = traceId(4);
    SpanRecord root = SpanRecord.builder(t, spanId(1)).type("custom").name("POST /chat").status("error")
        .time(T0, T0 + 900_000).body("{}").build();
    TraceRecord hint = TraceRecord.builder(t, "child-name", "pending", T0 + 5).context("staging", "conv-9", "u-9")
        .placeholder(true).build();

    store().write(project, List.of(hint), List.of(generation(t, spanId(2), spanId(1), T0 + 5, 1, 1, null), root));

    TraceRow row = store().trace(project, t).orElseThrow();
    assertThat(row.name()).isEqualTo("POST /chat");
    assertThat(row.status()).isEqualTo("error");
    assertThat(row.startUs()).isEqualTo(T0);
    assertThat(row.endUs()).isEqualTo(T0 + 900_000);
    assertThat(row.environment()).isEqualTo("staging");
    assertThat(row.sessionId()).isEqualTo("conv-9");
    assertThat(row.errorCount()).isEqualTo(1);
  }

  @Test
  void projects_neverSeeEachOthersData() {
    String other = "p-" + UUID.randomUUID();
    String t = traceId(5);
    store().write(project, List.of(trace(t, "success", T0, T0 + 1)), List.of());

    assertThat(store().trace(other, t)).isEmpty();
    assertThat(store().traces(other, query(null, 10))).isEmpty();
    assertThat(store().spans(other, t)).isEmpty();
    assertThat(store().sessions(other, null, 10, 0)).isEmpty();
  }

  @Test
  void pages_goNewestFirstWithoutGapsOrRepeats() {
    for (int i = 0; i < 25; i++) {
      store().write(project, List.of(trace(traceId(100 + i), "success", T0 + i * 1000L, T0 + i * 1000L + 1)), List.of());
    }
    List<String> seen = new java.util.ArrayList<>();
    Long afterStart = null;
    String afterId = null;
    while (true) {
      List<TraceRow> page = store().traces(project,
          TraceQuery.builder(10).after(afterStart, afterId).build());
      page.stream().limit(10).forEach(r -> seen.add(r.id()));
      if (page.size() <= 10) {
        break;
      }
      afterStart = page.get(9).startUs();
      afterId = page.get(9).id();
    }
    assertThat(seen).hasSize(25).doesNotHaveDuplicates();
    assertThat(seen.get(0)).isEqualTo(traceId(124));
  }

  @Test
  void environments_areTheDistinctOnesOfTheProject() {
    store().write(project, List.of(trace(traceId(7), "success", T0, T0 + 1),
        TraceRecord.builder(traceId(8), "other", "error", T0 + 10).end(T0 + 20).context("dev", null, null)
            .metadata("{}").build()), List.of());
    store().write("another-project", List.of(TraceRecord.builder(traceId(9), "x", "success", T0).end(T0 + 1)
            .context("secret-env", null, null).metadata("{}").build()), List.of());

    assertThat(store().environments(project)).containsExactly("dev", "production");
  }

  @Test
  void filters_narrowTheListAndTheTotals() {
    store().write(project, List.of(trace(traceId(7), "success", T0, T0 + 1),
        TraceRecord.builder(traceId(8), "other", "error", T0 + 10).end(T0 + 20).context("dev", null, "user-2")
            .metadata("{\"variant\":\"B\"}").input("\"refund my order\"").build()),
        List.of(generation(traceId(8), spanId(1), null, T0 + 10, 5, 5, 0.25)));

    assertThat(store().traces(project, query("other", 10))).extracting(TraceRow::id).containsExactly(traceId(8));
    assertThat(store().traces(project, TraceQuery.builder(10).environment("dev").status("error").userId("user-2")
        .model("gpt-4o-mini").between(T0, T0 + 100).text("REFUND").metadata("variant", "B").build()))
        .extracting(TraceRow::id).containsExactly(traceId(8));
    assertThat(store().traces(project, TraceQuery.builder(10).text("50%_off").build())).isEmpty();
    // Lower bounds: trace 8 took 10 us, used 10 tokens and cost 0.25; trace 7 took 1 us.
    assertThat(store().traces(project, atLeast(new TraceQuery.AtLeast(5L, null, null, null))))
        .extracting(TraceRow::id).containsExactly(traceId(8));
    assertThat(store().traces(project, atLeast(new TraceQuery.AtLeast(null, 10L, 0.2, 1L))))
        .extracting(TraceRow::id).containsExactly(traceId(8));
    assertThat(store().traces(project, atLeast(new TraceQuery.AtLeast(null, 11L, null, null)))).isEmpty();
    assertThat(store().totals(project, atLeast(new TraceQuery.AtLeast(null, null, 0.3, null))).traces()).isZero();
    Store.Totals totals = store().totals(project, query(null, 10));
    assertThat(totals.traces()).isEqualTo(2);
    assertThat(totals.totalTokens()).isEqualTo(10);
    assertThat(totals.errors()).isEqualTo(1);
  }

  @Test
  void sessions_groupTracesSharingASessionId() {
    store().write(project, List.of(trace(traceId(10), "success", T0, T0 + 1),
        trace(traceId(11), "success", T0 + 100, T0 + 200)),
        List.of(generation(traceId(11), spanId(1), null, T0 + 100, 7, 3, null)));

    List<SessionRow> sessions = store().sessions(project, null, 10, 0);
    assertThat(sessions).singleElement().satisfies(s -> {
      assertThat(s.sessionId()).isEqualTo("sess-1");
      assertThat(s.traces()).isEqualTo(2);
      assertThat(s.totalTokens()).isEqualTo(10);
      assertThat(s.userId()).isEqualTo("user-1");
    });
  }

  @Test
  void scores_andPatches_areKept() {
    String t = traceId(12);
    store().write(project, List.of(trace(t, "pending", T0, null)), List.of());
    store().addScore(project, new ScoreRow("s1", t, null, "helpful", 1.0, null, "great", "api", T0));
    boolean patched = store().patchTrace(project, t,
        new TracePatch("\"done\"", 3.2, "{\"total_tokens\":150}", 0.00045, "success", null, T0 + 5), T0 + 5);

    assertThat(patched).isTrue();
    assertThat(store().patchTrace(project, traceId(999), new TracePatch(null, null, null, null, "error", null, null), T0)).isFalse();
    TraceRow row = store().trace(project, t).orElseThrow();
    assertThat(row.status()).isEqualTo("success");
    assertThat(row.setLatency()).isEqualTo(3.2);
    assertThat(row.setCost()).isEqualTo(0.00045);
    assertThat(store().scores(project, t)).singleElement().satisfies(s -> assertThat(s.comment()).isEqualTo("great"));
  }

  @Test
  void callStats_addUpTheCallsOfARange_exactlyAtItsPartialMinutes() {
    String t = traceId(13);
    long minute = 60_000_000L;
    long base = (T0 / minute) * minute;
    store().write(project, List.of(trace(t, "success", base, base + 3 * minute)),
        List.of(generation(t, spanId(1), null, base + 10, 1, 2, 0.1), group(t, spanId(2), base, base + 1),
            generation(t, spanId(3), null, base + minute + 5, 3, 4, null),
            generation(t, spanId(4), null, base + 2 * minute + 30_000_000, 5, 6, 0.2)));
    // Written twice: counted once.
    store().write(project, List.of(), List.of(generation(t, spanId(3), null, base + minute + 5, 3, 4, null)));

    List<CallStats> all = store().callStats(project, base, base + 3 * minute, "production");
    assertThat(all.stream().mapToLong(CallStats::calls).sum()).isEqualTo(3);
    assertThat(all.stream().mapToLong(CallStats::inputTokens).sum()).isEqualTo(9);
    assertThat(all).allSatisfy(s -> assertThat(s.model()).isEqualTo("gpt-4o-mini"));
    // From the middle of the first minute to the middle of the last: only the calls inside.
    List<CallStats> part = store().callStats(project, base + 20, base + 2 * minute + 10_000_000, null);
    assertThat(part.stream().mapToLong(CallStats::calls).sum()).isEqualTo(1);
    assertThat(part.stream().mapToLong(CallStats::outputTokens).sum()).isEqualTo(4);
    assertThat(store().callStats(project, base, base + 3 * minute, "staging")).isEmpty();
  }

  @Test
  void retention_deletesOldTracesWithTheirSpansAndScores() {
    String old = traceId(14);
    String recent = traceId(15);
    long now = System.currentTimeMillis() * 1000;
    store().write(project, List.of(trace(old, "success", T0, T0 + 1), trace(recent, "success", now, now + 1)),
        List.of(generation(old, spanId(1), null, T0, 1, 1, null)));
    store().addScore(project, new ScoreRow("s-old-" + UUID.randomUUID(), old, null, "x", 1.0, null, null, "api", T0));

    store().deleteTracesBefore(now - 86_400_000_000L);

    assertThat(store().trace(project, old)).isEmpty();
    assertThat(store().spans(project, old)).isEmpty();
    assertThat(store().scores(project, old)).isEmpty();
    assertThat(store().trace(project, recent)).isPresent();
    // The rollups lost the old trace with it, its metadata's too.
    TraceQuery byUser = TraceQuery.builder(10).metadata("user_id", "user-1").build();
    assertThat(store().totals(project, byUser).traces()).isEqualTo(1);
    assertThat(store().totals(project, byUser)).isEqualTo(store().totals(project, scanning(byUser)));
    assertThat(store().totals(project, TraceQuery.builder(10).build()).traces()).isEqualTo(1);
  }

  @Test
  void keys_areFoundByHashAndRevocable() {
    String p = "proj-" + UUID.randomUUID();
    keyStore().ensureProject(p, "Project");
    String id = "key_" + UUID.randomUUID().toString().substring(0, 8);
    String hash = "h" + UUID.randomUUID();
    assertThat(keyStore().addKey(new KeyStore.ApiKey(id, p, "ci", "nora_abc", 1L, null), hash)).isTrue();
    assertThat(keyStore().addKey(new KeyStore.ApiKey(id + "x", p, "ci", "nora_abc", 1L, null), hash)).isFalse();

    assertThat(keyStore().projectOfKeyHash(hash)).contains(p);
    assertThat(keyStore().revokeKey(id, 2L)).isTrue();
    assertThat(keyStore().projectOfKeyHash(hash)).isEmpty();
    assertThat(keyStore().keys()).anySatisfy(k -> assertThat(k.revokedUs()).isEqualTo(2L));
  }

  @Test
  void health_isReported() {
    assertThat(store().isHealthy()).isTrue();
  }

  private static TraceQuery query(String name, int limit) {
    return TraceQuery.builder(limit).name(name).build();
  }

  static TraceQuery atLeast(TraceQuery.AtLeast min) {
    return TraceQuery.builder(10).atLeast(min).build();
  }

  @Test
  void aSpanIsFoundByItsIdAlone() {
    String t = traceId(40);
    store().write(project, List.of(), List.of(generation(t, spanId(41), null, T0, 1, 1, null)));

    assertThat(store().traceOfSpan(project, spanId(41))).contains(t);
    assertThat(store().traceOfSpan(project, spanId(42))).isEmpty();
    assertThat(store().traceOfSpan("p-other", spanId(41))).isEmpty();
  }

  @Test
  void mergingATrace_movesItsSpansAndScores_keepsTheTargetsCopies_andDeletesIt() {
    String from = traceId(50);
    String into = traceId(51);
    store().write(project, List.of(trace(into, "success", T0, T0 + 5_000_000)),
        List.of(generation(into, spanId(1), null, T0, 10, 5, 0.25)));
    store().write(project, List.of(trace(from, "success", T0, T0 + 1_000_000)),
        List.of(generation(from, spanId(1), null, T0, 999, 999, 9.0),
            generation(from, spanId(2), null, T0 + 100, 20, 10, 0.5)));
    store().addScore(project, new ScoreRow("m-" + UUID.randomUUID(), from, null, "ok", 1.0, null, null, "api", T0));

    assertThat(store().mergeTrace(project, from, into)).isTrue();

    assertThat(store().trace(project, from)).isEmpty();
    assertThat(store().spans(project, from)).isEmpty();
    assertThat(store().spans(project, into)).extracting(SpanRow::id).containsExactly(spanId(1), spanId(2));
    TraceRow row = store().trace(project, into).orElseThrow();
    assertThat(row.calls()).isEqualTo(2);
    assertThat(row.totalTokens()).isEqualTo(45);
    assertThat(row.cost()).isEqualTo(0.75);
    assertThat(store().scores(project, into)).hasSize(1);
    assertThat(store().mergeTrace(project, from, into)).isFalse();
  }

  @Test
  void aPositiveCostSetByPatchWins_aZeroOneDoesNot_inTheRowAndTheTotals() {
    String zero = traceId(60);
    String set = traceId(61);
    store().write(project, List.of(trace(zero, "success", T0, T0 + 1), trace(set, "success", T0, T0 + 1)),
        List.of(generation(zero, spanId(1), null, T0, 10, 5, 0.25),
            generation(set, spanId(1), null, T0, 10, 5, 0.25)));
    store().patchTrace(project, zero, new TracePatch(null, null, null, 0.0, null, null, null), T0);
    store().patchTrace(project, set, new TracePatch(null, null, null, 2.0, null, null, null), T0);

    assertThat(store().trace(project, zero).orElseThrow().effectiveCost()).isEqualTo(0.25);
    assertThat(store().trace(project, set).orElseThrow().effectiveCost()).isEqualTo(2.0);
    assertThat(store().totals(project, query(null, 10)).cost()).isEqualTo(2.25);
  }

  @Test
  void aTraceNewToTheStore_isWrittenWithItsTotals_asOneWrittenInPartsEndsUp() {
    // The same items in one batch (a trace new to the store, inserted with its totals) and
    // spread over batches (a stored trace, its totals recomputed): the same rows, for a trace
    // with its own item and for one known from its spans only (a placeholder filled from its root).
    String root = spanId(1);
    String child = spanId(2);
    String failed = spanId(3);
    for (boolean ownItem : new boolean[] {true, false}) {
      String whole = traceId(ownItem ? 65 : 67);
      String parts = traceId(ownItem ? 66 : 68);
      for (String id : List.of(whole, parts)) {
        // The root last, as spans usually end: the trace is first known by a child's name.
        List<SpanRecord> spans = List.of(
            generation(id, child, root, T0 + 10, 10, 5, 0.5),
            SpanRecord.builder(id, failed).parent(root).type("generation").name("openai.chat").status("error")
                .time(T0 + 20, T0 + 40).model("openai", "gpt-4o-mini").tokens(3L, 0L, 3L).cost(0.25)
                .body("{}").build(),
            SpanRecord.builder(id, root).type("agent").name("planner").status("success")
                .time(T0 + 5, T0 + 900).body("{}").build());
        List<TraceRecord> item = ownItem ? List.of(trace(id, "success", T0, T0 + 1_000)) : List.of();
        if (id.equals(whole)) {
          store().write(project, item, spans);
        } else {
          store().write(project, List.of(), spans.subList(0, 1));
          store().write(project, item, spans.subList(1, 2));
          store().write(project, List.of(), spans.subList(2, 3));
        }
      }
      TraceRow a = store().trace(project, whole).orElseThrow();
      TraceRow b = store().trace(project, parts).orElseThrow();
      assertThat(a).usingRecursiveComparison().ignoringFields("id", "createdUs", "updatedUs").isEqualTo(b);
      assertThat(a.calls()).isEqualTo(2);
      assertThat(a.errorCount()).isEqualTo(1);
      assertThat(a.totalTokens()).isEqualTo(18);
      assertThat(a.cost()).isEqualTo(0.75);
      assertThat(a.name()).isEqualTo(ownItem ? "workflow" : "planner");
      assertThat(a.startUs()).isEqualTo(ownItem ? T0 : T0 + 5);
      assertThat(a.endUs()).isEqualTo(ownItem ? T0 + 1_000 : T0 + 900);
    }
    // A batch of placeholders and no spans: stored with no totals.
    String empty = traceId(69);
    store().write(project, List.of(TraceRecord.placeholder(empty, "later", T0)), List.of());
    assertThat(store().trace(project, empty).orElseThrow())
        .satisfies(t -> assertThat(t.calls()).isZero()).satisfies(t -> assertThat(t.cost()).isNull())
        .satisfies(t -> assertThat(t.name()).isEqualTo("later"));
  }

  @Test
  void theHourlyRollups_giveTheSameTotalsAsTheTraces_afterEveryKindOfChange() {
    long hour = 3_600_000_000L;
    long base = (T0 / hour) * hour;
    // Traces in three hours and two environments; pending, then final; a placeholder filled
    // later; a span written twice; a PATCHed cost; a merge.
    String a = traceId(70);
    String b = traceId(71);
    String c = traceId(72);
    String d = traceId(73);
    store().write(project, List.of(trace(a, "pending", base + 10, null)),
        List.of(generation(a, spanId(1), null, base + 10, 10, 5, 0.5)));
    store().write(project, List.of(trace(a, "success", base + 10, base + 20)),
        List.of(generation(a, spanId(1), null, base + 10, 10, 5, 0.5)));
    store().write(project, List.of(), List.of(generation(b, spanId(1), null, base + hour + 5, 7, 3, null)));
    String e = traceId(74);
    store().write(project,
        List.of(TraceRecord.builder(c, "other", "error", base + 2 * hour + 1).end(base + 2 * hour + 9)
            .context("staging", null, null).metadata("{\"tier\":\"gold\",\"seats\":3}").build()),
        List.of(generation(c, spanId(1), null, base + 2 * hour + 1, 1, 1, 0.25)));
    store().patchTrace(project, c, new TracePatch(null, null, null, 4.0, null, null, null), base);
    store().write(project, List.of(trace(d, "success", base + hour + 100, base + hour + 200)),
        List.of(generation(d, spanId(2), null, base + hour + 100, 2, 2, 0.125)));
    store().mergeTrace(project, d, b);
    // Metadata written, rewritten to another value, then the trace's spans arriving later.
    store().write(project, List.of(TraceRecord.builder(e, "w", "success", base + 30).end(base + 40)
        .context("production", null, null).metadata("{\"tier\":\"gold\"}").build()), List.of());
    store().write(project, List.of(TraceRecord.builder(e, "w", "success", base + 30).end(base + 40)
        .context("production", null, null).metadata("{\"tier\":\"silver\",\"seats\":3}").build()), List.of());
    store().write(project, List.of(), List.of(generation(e, spanId(3), null, base + 31, 4, 4, 0.5)));

    for (TraceQuery q : List.of(
        totalsQuery(null, null, null, null),
        totalsQuery("production", null, null, null),
        totalsQuery(null, "error", null, null),
        totalsQuery(null, null, base + 5, base + 2 * hour + 5),
        totalsQuery("staging", null, base + hour, base + 3 * hour),
        totalsQuery(null, null, base + 15, base + 17),
        metadataTotals("tier", "gold", null, null, null),
        metadataTotals("tier", "silver", null, null, null),
        metadataTotals("seats", "3", null, null, null),
        metadataTotals("seats", "3", "production", base + 20, base + 2 * hour + 5),
        metadataTotals("user_id", "user-1", null, null, null),
        metadataTotals("user_id", "user-1", null, base + 15, base + hour + 150),
        metadataTotals("tier", "platinum", null, null, null))) {
      Store.Totals byRollups = store().totals(project, q);
      Store.Totals byScan = store().totals(project, scanning(q));
      assertThat(byRollups).as(q.toString()).isEqualTo(byScan);
    }
    Store.Totals all = store().totals(project, totalsQuery(null, null, null, null));
    assertThat(all.traces()).isEqualTo(4);
    assertThat(all.totalTokens()).isEqualTo(15 + 14 + 2 + 8);
    assertThat(all.cost()).isEqualTo(0.5 + 0.125 + 4.0 + 0.5);
    assertThat(all.errors()).isEqualTo(1);
    assertThat(store().totals(project, metadataTotals("tier", "gold", null, null, null)))
        .isEqualTo(new Store.Totals(1, 2, 4.0, 1));
    assertThat(store().totals(project, metadataTotals("seats", "3", null, null, null)))
        .isEqualTo(new Store.Totals(2, 10, 4.5, 1));
    // d held it, and went into b (a placeholder, no metadata) with the merge.
    assertThat(store().totals(project, metadataTotals("user_id", "user-1", null, null, null)).traces())
        .isEqualTo(1);
  }

  private static TraceQuery totalsQuery(String environment, String status, Long fromUs, Long toUs) {
    return TraceQuery.builder(10).environment(environment).status(status).between(fromUs, toUs).build();
  }

  private static TraceQuery metadataTotals(String key, String value, String environment, Long fromUs, Long toUs) {
    return TraceQuery.builder(10).metadata(key, value).environment(environment).between(fromUs, toUs).build();
  }

  /** The same query, forced to read the traces themselves (at least 0 calls matches all). */
  private static TraceQuery scanning(TraceQuery q) {
    return q.toBuilder().atLeast(new TraceQuery.AtLeast(null, null, null, 0L)).build();
  }

  @Test
  void textSearch_findsSubstringsOfNameInputAndOutput_caseAside() {
    String a = traceId(80);
    String b = traceId(81);
    store().write(project, List.of(
        TraceRecord.builder(a, "Weather report", "success", T0).end(T0 + 1).context("production", null, null)
            .input("\"What is the forecast for Seoul? He said \\\"hi\\\"\"").output("\"Sunny\"").build(),
        TraceRecord.builder(b, "Billing", "success", T0 + 5).end(T0 + 6).context("production", null, null)
            .input("\"" + "x".repeat(3_000) + " late words\"").output("\"Refund issued\"").build()),
        List.of());

    assertThat(search("forecast")).containsExactly(a);
    assertThat(search("SEOUL")).containsExactly(a);
    assertThat(search("ny")).containsExactly(a); // shorter than a trigram
    assertThat(search("\\\"hi")).containsExactly(a);
    assertThat(search("refund ISSUED")).containsExactly(b);
    assertThat(search("report")).containsExactly(a);
    assertThat(search("nowhere at all")).isEmpty();
    // Only the first 2,000 characters of an input are searched.
    assertThat(search("late words")).isEmpty();
    assertThat(store().totals(project, TraceQuery.builder(10).text("SUNNY").build()).traces()).isEqualTo(1);
  }

  private List<String> search(String text) {
    return store().traces(project, TraceQuery.builder(10).text(text).build()).stream().map(TraceRow::id).toList();
  }

  @Test
  void metadataFilters_findTextNumbersAndBooleans_andFollowARewrite() {
    String a = traceId(90);
    String b = traceId(91);
    store().write(project, List.of(
        TraceRecord.builder(a, "w", "success", T0).end(T0 + 1).context("production", null, null)
            .metadata("{\"customer\":\"acme\",\"tier\":1,\"vip\":true,\"nested\":{\"x\":1}}").build(),
        TraceRecord.builder(b, "w", "success", T0 + 2).end(T0 + 3).context("production", null, null)
            .metadata("{\"customer\":\"globex\",\"tier\":2}").build()),
        List.of());

    assertThat(byMetadata("customer", "acme")).containsExactly(a);
    assertThat(byMetadata("tier", "2")).containsExactly(b);
    assertThat(byMetadata("vip", "true")).containsExactly(a);
    assertThat(byMetadata("nested", "1")).isEmpty();
    assertThat(store().totals(project, TraceQuery.builder(10).metadata("customer", "acme")
        .build()).traces()).isEqualTo(1);

    // The trace's own item again, with other metadata: the old values no longer match.
    store().write(project, List.of(TraceRecord.builder(a, "w", "success", T0).end(T0 + 1)
            .context("production", null, null).metadata("{\"customer\":\"initech\"}").build()), List.of());
    assertThat(byMetadata("customer", "acme")).isEmpty();
    assertThat(byMetadata("customer", "initech")).containsExactly(a);
    assertThat(store().totals(project, TraceQuery.builder(10).metadata("customer", "acme").build()).traces()).isZero();
    assertThat(store().totals(project, TraceQuery.builder(10).metadata("customer", "initech").build()).traces())
        .isEqualTo(1);
    assertThat(store().totals(project, TraceQuery.builder(10).metadata("tier", "1").build()).traces()).isZero();
  }

  private List<String> byMetadata(String key, String value) {
    return store().traces(project, TraceQuery.builder(10).metadata(key, value)
        .build()).stream().map(TraceRow::id).toList();
  }

  @Test
  void pagesSortedByTheServer_byEachColumn_bothWays_withTiesAndMissingValues() {
    // Tokens 30, 10, 20, 10 (a tie), and a pending trace: no latency, no cost, 0 tokens.
    long[] tokens = {30, 10, 20, 10};
    for (int n = 0; n < tokens.length; n++) {
      String t = traceId(100 + n);
      store().write(project, List.of(trace(t, "success", T0 + n, T0 + n + 1_000_000L * (n + 1))),
          List.of(generation(t, spanId(1), null, T0 + n, tokens[n], 0, n == 1 ? null : 0.001 * (n + 1))));
    }
    store().write(project, List.of(trace(traceId(104), "pending", T0 + 9, null)), List.of());

    assertThat(sortedIds("tokens", false)).containsExactly(traceId(100), traceId(102), traceId(103),
        traceId(101), traceId(104));
    assertThat(sortedIds("tokens", true)).containsExactly(traceId(104), traceId(101), traceId(103),
        traceId(102), traceId(100));
    assertThat(sortedIds("latency", false)).containsExactly(traceId(103), traceId(102), traceId(101),
        traceId(100), traceId(104));
    // Both without a cost: ties go by id, the same way as the order.
    assertThat(sortedIds("cost", false)).containsExactly(traceId(103), traceId(102), traceId(100),
        traceId(104), traceId(101));
    assertThat(sortedIds("calls", true).get(0)).isEqualTo(traceId(104));
    assertThat(sortedIds("time", true)).containsExactly(traceId(100), traceId(101), traceId(102),
        traceId(103), traceId(104));
  }

  @Test
  void pagesSortedByTheServer_byText_bothWays_withTiesAndMissingValues() {
    // name, status, environment, user, session; traceId(204) has no environment, user or session.
    String[][] traces = {
        {"refund", "success", "prod", "user-b", "s:2"},
        {"billing", "error", "dev", "user-a", "s:1"},
        {"refund", "error", "prod", "user-c", "s:3"},
        {"agent", "success", "staging", "user-a", "s:1"},
    };
    for (int n = 0; n < traces.length; n++) {
      String[] t = traces[n];
      store().write(project, List.of(TraceRecord.builder(traceId(200 + n), t[0], t[1], T0 + n).end(T0 + n + 1)
          .context(t[2], t[4], t[3]).build()), List.of());
    }
    store().write(project, List.of(TraceRecord.builder(traceId(204), "zeta", "pending", T0 + 9).build()), List.of());

    assertThat(sortedIds("name", true)).containsExactly(traceId(203), traceId(201), traceId(200), traceId(202),
        traceId(204));
    assertThat(sortedIds("name", false)).containsExactly(traceId(204), traceId(202), traceId(200), traceId(201),
        traceId(203));
    assertThat(sortedIds("status", true)).containsExactly(traceId(201), traceId(202), traceId(204), traceId(200),
        traceId(203));
    // No environment, user or session: first going up, last going down.
    assertThat(sortedIds("environment", true)).containsExactly(traceId(204), traceId(201), traceId(200),
        traceId(202), traceId(203));
    assertThat(sortedIds("user", false)).containsExactly(traceId(202), traceId(200), traceId(203), traceId(201),
        traceId(204));
    assertThat(sortedIds("session", true)).containsExactly(traceId(204), traceId(201), traceId(203), traceId(200),
        traceId(202));
  }

  /** Every trace of the project in an order, read two at a time through the keyed pages. */
  private List<String> sortedIds(String key, boolean ascending) {
    TraceQuery.Sort sort = new TraceQuery.Sort(key, ascending);
    List<String> out = new java.util.ArrayList<>();
    Object afterValue = null;
    String afterId = null;
    while (true) {
      List<TraceRow> page = store().traces(project, TraceQuery.builder(2).after(afterValue, afterId).sort(sort)
          .build());
      page.stream().limit(2).forEach(r -> out.add(r.id()));
      if (page.size() <= 2) {
        return out;
      }
      TraceRow last = page.get(1);
      afterValue = sort.valueOf(last);
      afterId = last.id();
    }
  }

  @Test
  void concurrentWritesToTheSameTraces_keepTheRollupsExact() throws Exception {
    String[] ids = {traceId(120), traceId(121), traceId(122)};
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
    try {
      List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
      for (int w = 0; w < 8; w++) {
        int writer = w;
        done.add(pool.submit(() -> {
          for (int n = 0; n < 15; n++) {
            String t = ids[(writer + n) % ids.length];
            // A span written by several writers (the same each time), and one of this writer's own.
            store().write(project, List.of(trace(t, n % 2 == 0 ? "pending" : "success", T0, T0 + 5)),
                List.of(generation(t, spanId(1), null, T0, 10, 5, 0.5),
                    generation(t, spanId(10 + writer), null, T0 + writer, 1, 1, 0.25)));
          }
          return null;
        }));
      }
      for (java.util.concurrent.Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    TraceQuery all = TraceQuery.builder(10).build();
    TraceQuery scan = TraceQuery.builder(10).atLeast(new TraceQuery.AtLeast(null, null, null, 0L)).build();
    assertThat(store().totals(project, all)).isEqualTo(store().totals(project, scan));
    long calls = store().callStats(project, T0 - 60_000_000L, T0 + 60_000_000L, null).stream()
        .mapToLong(CallStats::calls).sum();
    long stored = 0;
    for (String t : ids) {
      stored += store().trace(project, t).orElseThrow().calls();
    }
    assertThat(calls).isEqualTo(stored);
  }
}

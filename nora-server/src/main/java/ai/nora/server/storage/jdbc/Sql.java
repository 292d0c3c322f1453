package ai.nora.server.storage.jdbc;

/** The statements of {@link JdbcStore}; each runs unchanged on SQLite and PostgreSQL. */
final class Sql {
  private Sql() {}

  /**
   * A trace new to the store is inserted with its spans' totals; a stored one keeps its own
   * (the conflict's SET leaves them alone) and has them recomputed after.
   */
  static final String TRACE_INSERT =
      "INSERT INTO traces (project_id, id, name, status, placeholder, start_us, end_us,"
          + " environment, session_id, user_id, metadata, input, output, error, service_url,"
          + " created_us, updated_us, calls, error_count, input_tokens, output_tokens, total_tokens, cost)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
          + " ON CONFLICT (project_id, id) DO UPDATE SET ";

  /** A trace's own item: replaces what is stored unless that is final and this is pending. */
  static final String UPSERT_TRACE =
      TRACE_INSERT
          + "name = excluded.name, status = excluded.status, placeholder = 0,"
          + " start_us = excluded.start_us, end_us = excluded.end_us,"
          + " environment = excluded.environment, session_id = excluded.session_id,"
          + " user_id = excluded.user_id, metadata = excluded.metadata,"
          + " input = COALESCE(excluded.input, traces.input),"
          + " output = COALESCE(excluded.output, traces.output), error = excluded.error,"
          + " service_url = COALESCE(excluded.service_url, traces.service_url),"
          + " updated_us = excluded.updated_us"
          + " WHERE traces.placeholder = 1 OR traces.status = 'pending'"
          + " OR excluded.status <> 'pending'";

  /**
   * A placeholder only fills in what a placeholder does not know yet (input and output come
   * from a root span, whichever of a trace's spans came first).
   */
  static final String UPSERT_PLACEHOLDER =
      TRACE_INSERT
          + "environment = COALESCE(traces.environment, excluded.environment),"
          + " input = COALESCE(traces.input, excluded.input),"
          + " output = COALESCE(traces.output, excluded.output),"
          + " session_id = COALESCE(traces.session_id, excluded.session_id),"
          + " user_id = COALESCE(traces.user_id, excluded.user_id),"
          + " service_url = COALESCE(traces.service_url, excluded.service_url)"
          + " WHERE traces.placeholder = 1";

  static final String UPSERT_SPAN =
      "INSERT INTO spans (project_id, trace_id, id, parent_id, type, name, status, start_us,"
          + " end_us, provider, model, input_tokens, output_tokens, total_tokens, cached_tokens,"
          + " reasoning_tokens, cost, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
          + " ?, ?, ?) ON CONFLICT (project_id, trace_id, id) DO UPDATE SET"
          + " parent_id = excluded.parent_id, type = excluded.type, name = excluded.name,"
          + " status = excluded.status, start_us = excluded.start_us, end_us = excluded.end_us,"
          + " provider = excluded.provider, model = excluded.model,"
          + " input_tokens = excluded.input_tokens, output_tokens = excluded.output_tokens,"
          + " total_tokens = excluded.total_tokens, cached_tokens = excluded.cached_tokens,"
          + " reasoning_tokens = excluded.reasoning_tokens, cost = excluded.cost,"
          + " body = excluded.body";

  private static final String CALL = "type IN ('generation', 'embedding')";

  /**
   * The totals of the traces whose ids fill the IN list ({@code %s}), from their spans, and what
   * a placeholder takes from its root span(s): name, status, end, and the first start. One
   * look-up by primary key per trace: aggregates rather than ORDER BY ... LIMIT 1, and no
   * MIN(start_us) of its own, so that no planner walks a project's time index (that made every
   * write cost time in proportion to the project's size).
   */
  static final String SPAN_TOTALS =
      "SELECT trace_id, SUM(CASE WHEN " + CALL + " THEN 1 ELSE 0 END),"
          + " SUM(CASE WHEN status = 'error' THEN 1 ELSE 0 END),"
          + " COALESCE(SUM(CASE WHEN " + CALL + " THEN input_tokens END), 0),"
          + " COALESCE(SUM(CASE WHEN " + CALL + " THEN output_tokens END), 0),"
          + " COALESCE(SUM(CASE WHEN " + CALL + " THEN total_tokens END), 0),"
          + " SUM(CASE WHEN " + CALL + " THEN cost END),"
          + " MIN(start_us),"
          + " MIN(CASE WHEN parent_id IS NULL THEN name END),"
          + " MIN(CASE WHEN parent_id IS NULL THEN status END),"
          + " MAX(CASE WHEN parent_id IS NULL THEN end_us END)"
          + " FROM spans WHERE project_id = ? AND trace_id IN (%s) GROUP BY trace_id";

  /** One trace's totals; a placeholder also takes its root span's name, status and times. */
  static final String UPDATE_TOTALS =
      "UPDATE traces SET calls = ?, error_count = ?, input_tokens = ?, output_tokens = ?,"
          + " total_tokens = ?, cost = ?, updated_us = ?,"
          + " name = CASE WHEN placeholder = 1 THEN COALESCE(?, name) ELSE name END,"
          + " status = CASE WHEN placeholder = 1 THEN COALESCE(?, status) ELSE status END,"
          + " end_us = CASE WHEN placeholder = 1 THEN ? ELSE end_us END,"
          + " start_us = CASE WHEN placeholder = 1 THEN ? ELSE start_us END"
          + " WHERE project_id = ? AND id = ?";

  static final String PATCH_TRACE =
      "UPDATE traces SET output = COALESCE(?, output), set_latency = COALESCE(?, set_latency),"
          + " set_tokens = COALESCE(?, set_tokens), set_cost = COALESCE(?, set_cost),"
          + " status = COALESCE(?, status), error = COALESCE(?, error),"
          + " end_us = COALESCE(?, end_us), updated_us = ? WHERE project_id = ? AND id = ?";

  static final String TRACE_OF_SPAN =
      "SELECT trace_id FROM spans WHERE project_id = ? AND id = ? LIMIT 1";

  /** Spans of the merged trace that the target already holds: the target's copy stays. */
  static final String MERGE_DROP_DUPLICATE_SPANS =
      "DELETE FROM spans WHERE project_id = ? AND trace_id = ? AND id IN"
          + " (SELECT id FROM spans WHERE project_id = ? AND trace_id = ?)";

  static final String MERGE_MOVE_SPANS =
      "UPDATE spans SET trace_id = ? WHERE project_id = ? AND trace_id = ?";

  static final String MERGE_MOVE_SCORES =
      "UPDATE scores SET trace_id = ? WHERE project_id = ? AND trace_id = ?";

  static final String DELETE_TRACE = "DELETE FROM traces WHERE project_id = ? AND id = ?";

  /**
   * A trace's cost as every read shows it: a cost a client set by PATCH when above zero, else
   * the sum of its calls' costs. The original client PATCHes 0.0 on every trace because it
   * prices nothing; that must not hide what the server priced. {@code TraceRow.effectiveCost}
   * is the same rule for a row already read.
   */
  static final String TRACE_COST = "(CASE WHEN set_cost > 0 THEN set_cost ELSE cost END)";

  /** Adds a change to a row of the calls' per-minute totals (see CallRollups). */
  static final String UPSERT_CALL_ROLLUP = CallRollups.upsertSql();

  /** Adds a change to a row of the hourly totals of the traces with a metadata value (see TraceRollups). */
  static final String UPSERT_METADATA_ROLLUP =
      "INSERT INTO trace_metadata_rollups (project_id, key, value, environment, status, hour_us, traces,"
          + " total_tokens, cost, cost_count) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (project_id, key,"
          + " value, environment, status, hour_us) DO UPDATE SET"
          + " traces = trace_metadata_rollups.traces + excluded.traces,"
          + " total_tokens = trace_metadata_rollups.total_tokens + excluded.total_tokens,"
          + " cost = trace_metadata_rollups.cost + excluded.cost,"
          + " cost_count = trace_metadata_rollups.cost_count + excluded.cost_count";

  /** Adds a change to a row of the traces' hourly totals (see TraceRollups). */
  static final String UPSERT_ROLLUP =
      "INSERT INTO trace_rollups (project_id, environment, status, hour_us, traces, total_tokens, cost,"
          + " cost_count) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (project_id, environment, status,"
          + " hour_us) DO UPDATE SET traces = trace_rollups.traces + excluded.traces,"
          + " total_tokens = trace_rollups.total_tokens + excluded.total_tokens,"
          + " cost = trace_rollups.cost + excluded.cost,"
          + " cost_count = trace_rollups.cost_count + excluded.cost_count";

  /**
   * What each order of the traces page sorts by, as the expressions of V10's and V12's indexes,
   * to the letter: a missing value is -1 (last going down), or the empty text for the text orders;
   * a cost is in nano-dollars (a whole number, so a page's cursor carries it exactly).
   */
  static final java.util.Map<String, String> SORT_COLUMNS = java.util.Map.of(
      "time", "start_us",
      "latency", "(COALESCE(end_us - start_us, -1))",
      "calls", "calls",
      "tokens", "total_tokens",
      "cost", "(COALESCE(CAST(ROUND(" + TRACE_COST + " * 1000000000) AS BIGINT), -1))",
      "name", "name",
      "status", "status",
      "environment", "(COALESCE(environment, ''))",
      "user", "(COALESCE(user_id, ''))",
      "session", "(COALESCE(session_id, ''))");

  static final String TRACE_COLUMNS =
      "id, name, status, start_us, end_us, environment, session_id, user_id, metadata, input,"
          + " output, error, set_latency, set_tokens, set_cost, calls, error_count, input_tokens,"
          + " output_tokens, total_tokens, cost, created_us, updated_us";

  static final String SELECT_TRACE =
      "SELECT " + TRACE_COLUMNS + " FROM traces WHERE project_id = ? AND id = ?";

  /**
   * A trace's spans by primary key. Not ordered in SQL: with an ORDER BY start_us the planner
   * may walk the (project, start) index over the whole project instead (measured: 281 ms at
   * 1M spans); a trace's few spans are sorted in Java.
   */
  static final String SELECT_SPANS =
      "SELECT trace_id, id, parent_id, start_us, end_us, body FROM spans"
          + " WHERE project_id = ? AND trace_id = ?";

  static final String INSERT_SCORE =
      "INSERT INTO scores (id, project_id, trace_id, span_id, name, value, string_value,"
          + " comment, source, created_us) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  static final String SELECT_SCORES =
      "SELECT id, trace_id, span_id, name, value, string_value, comment, source, created_us"
          + " FROM scores WHERE project_id = ? AND trace_id = ? ORDER BY created_us, id";

  /** The oldest traces of every project, by the time index (V3's traces_start). */
  static final String OLDEST_TRACES =
      "SELECT project_id, id FROM traces WHERE start_us < ? ORDER BY start_us LIMIT ?";

  static final String DELETE_TRACE_SCORES = "DELETE FROM scores WHERE project_id = ? AND trace_id = ?";

  static final String INSERT_ADDITION =
      "INSERT INTO span_additions (project_id, trace_id, span_id, id, time_us, seq, body)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";

  static final String SELECT_ADDITIONS =
      "SELECT trace_id, span_id, id, time_us, seq, body FROM span_additions"
          + " WHERE project_id = ? AND trace_id = ? ORDER BY time_us, seq, id";

  static final String DELETE_TRACE_ADDITIONS =
      "DELETE FROM span_additions WHERE project_id = ? AND trace_id = ?";

  /** Additions whose trace never came, once they are older than the retention. */
  static final String DELETE_OLD_ADDITIONS = "DELETE FROM span_additions WHERE time_us < ?";

  static final String DELETE_TRACE_SPANS = "DELETE FROM spans WHERE project_id = ? AND trace_id = ?";

  static final String DELETE_TRACE_METADATA =
      "DELETE FROM trace_metadata WHERE project_id = ? AND trace_id = ?";

}

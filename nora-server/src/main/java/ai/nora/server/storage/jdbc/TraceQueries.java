package ai.nora.server.storage.jdbc;

import ai.nora.server.Status;
import ai.nora.server.storage.CallRow;
import ai.nora.server.storage.SessionRow;
import ai.nora.server.storage.TraceReader.Totals;
import ai.nora.server.storage.TraceQuery;
import ai.nora.server.storage.TraceRow;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The reading queries whose SQL depends on the filters given. Pages are keyed on (start time, id)
 * rather than offsets, so the thousandth page costs what the first does.
 */
final class TraceQueries {
  private final Dialect dialect;

  TraceQueries(Dialect dialect) {
    this.dialect = dialect;
  }

  List<TraceRow> page(Connection c, String projectId, TraceQuery q) throws SQLException {
    List<Object> args = new ArrayList<>();
    List<Long> few = fewTextMatches(c, q);
    StringBuilder sql = new StringBuilder("SELECT ").append(Sql.TRACE_COLUMNS)
        .append(" FROM traces").append(few == null ? "" : " NOT INDEXED").append(" WHERE project_id = ?");
    args.add(projectId);
    filters(sql, args, projectId, q, few, false);
    TraceQuery.Sort sort = q.sort() == null ? TraceQuery.Sort.NEWEST : q.sort();
    String by = Sql.SORT_COLUMNS.get(sort.key());
    if (by == null) {
      throw new IllegalArgumentException("sort: " + sort.key());
    }
    String beyond = sort.ascending() ? ">" : "<";
    String direction = sort.ascending() ? " ASC" : " DESC";
    if (q.afterValue() != null && q.afterId() != null) {
      sql.append(" AND (").append(by).append(' ').append(beyond).append(" ? OR (").append(by)
          .append(" = ? AND id ").append(beyond).append(" ?))");
      args.add(q.afterValue());
      args.add(q.afterValue());
      args.add(q.afterId());
    }
    sql.append(" ORDER BY ").append(by).append(direction).append(", id").append(direction).append(" LIMIT ?");
    args.add(q.limit() + 1);
    List<TraceRow> out = new ArrayList<>();
    try (PreparedStatement ps = prepare(c, sql.toString(), args);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(Rows.trace(rs));
      }
    }
    return out;
  }

  /**
   * Count, tokens, cost and errors of the matching traces. Filtered by environment, status,
   * time and at most a metadata value (the traces page as it opens, or narrowed to a customer),
   * from the hourly rollups plus the traces of the partial hours at either end; with any other
   * filter, from the traces themselves.
   */
  Totals totals(Connection c, String projectId, TraceQuery q) throws SQLException {
    if (!byRollups(q)) {
      return scan(c, projectId, q, false);
    }
    Long from = q.fromUs();
    Long to = q.toUs();
    Long firstHour = from == null ? null : Math.floorDiv(from + TraceRollups.HOUR_US - 1, TraceRollups.HOUR_US) * TraceRollups.HOUR_US;
    Long endHour = to == null ? null : Math.floorDiv(to, TraceRollups.HOUR_US) * TraceRollups.HOUR_US;
    if (firstHour != null && endHour != null && firstHour >= endHour) {
      return scan(c, projectId, q, false);
    }
    Totals sum = rollups(c, projectId, q, firstHour, endHour);
    if (from != null && from < firstHour) {
      sum = add(sum, scan(c, projectId, within(q, from, firstHour), true));
    }
    if (to != null && endHour < to) {
      sum = add(sum, scan(c, projectId, within(q, endHour, to), true));
    }
    return sum;
  }

  private static boolean byRollups(TraceQuery q) {
    TraceQuery.AtLeast min = q.atLeast();
    return q.name() == null && q.sessionId() == null && q.userId() == null && q.model() == null
        && (q.text() == null || q.text().isBlank()) && (q.metadataKey() == null) == (q.metadataValue() == null)
        && (min == null || min.equals(TraceQuery.AtLeast.NONE));
  }

  private static TraceQuery within(TraceQuery q, long fromUs, long toUs) {
    return q.toBuilder().between(fromUs, toUs).after(null, null).build();
  }

  private static Totals add(Totals a, Totals b) {
    Double cost = a.cost() == null ? b.cost() : b.cost() == null ? a.cost() : a.cost() + b.cost();
    return new Totals(a.traces() + b.traces(), a.totalTokens() + b.totalTokens(), cost, a.errors() + b.errors());
  }

  private static Totals rollups(Connection c, String projectId, TraceQuery q, Long fromHour, Long toHour)
      throws SQLException {
    List<Object> args = new ArrayList<>();
    StringBuilder sql = new StringBuilder("SELECT COALESCE(SUM(traces), 0), COALESCE(SUM(total_tokens), 0),"
        + " SUM(cost), COALESCE(SUM(cost_count), 0),"
        + " COALESCE(SUM(CASE WHEN status = 'error' THEN traces ELSE 0 END), 0)"
        + (q.metadataKey() == null ? " FROM trace_rollups" : " FROM trace_metadata_rollups")
        + " WHERE project_id = ?");
    args.add(projectId);
    eq(sql, args, "key", q.metadataKey());
    eq(sql, args, "value", q.metadataValue());
    eq(sql, args, "environment", q.environment());
    eq(sql, args, "status", q.status());
    if (fromHour != null) {
      sql.append(" AND hour_us >= ?");
      args.add(fromHour);
    }
    if (toHour != null) {
      sql.append(" AND hour_us < ?");
      args.add(toHour);
    }
    try (PreparedStatement ps = prepare(c, sql.toString(), args);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return new Totals(rs.getLong(1), rs.getLong(2), rs.getLong(4) > 0 ? rs.getDouble(3) : null, rs.getLong(5));
    }
  }

  /** {@code fewTraces}: the query's time span holds few traces (an hour at most; see {@link #filters}). */
  private Totals scan(Connection c, String projectId, TraceQuery q, boolean fewTraces) throws SQLException {
    List<Object> args = new ArrayList<>();
    List<Long> few = fewTextMatches(c, q);
    StringBuilder sql = new StringBuilder(
        "SELECT COUNT(*), COALESCE(" + dialect.safeSum + "(total_tokens), 0), SUM(" + Sql.TRACE_COST + "),"
            + " SUM(CASE WHEN status = 'error' THEN 1 ELSE 0 END) FROM traces"
            + (few == null ? "" : " NOT INDEXED") + " WHERE project_id = ?");
    args.add(projectId);
    filters(sql, args, projectId, q, few, fewTraces);
    try (PreparedStatement ps = prepare(c, sql.toString(), args);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return new Totals(rs.getLong(1), rs.getLong(2), Rows.getDouble(rs, 3), rs.getLong(4));
    }
  }

  /**
   * {@code few}: the rowids of the traces holding the searched text when they are few (see {@link
   * #fewTextMatches}), or null. {@code fewTraces}: the other filters leave few traces (an hour's),
   * so a metadata value is looked up trace by trace rather than read whole.
   */
  private void filters(StringBuilder sql, List<Object> args, String projectId, TraceQuery q, List<Long> few,
      boolean fewTraces) {
    eq(sql, args, "name", q.name());
    eq(sql, args, "environment", q.environment());
    eq(sql, args, "status", q.status());
    eq(sql, args, "session_id", q.sessionId());
    eq(sql, args, "user_id", q.userId());
    if (q.fromUs() != null) {
      sql.append(" AND start_us >= ?");
      args.add(q.fromUs());
    }
    if (q.toUs() != null) {
      sql.append(" AND start_us < ?");
      args.add(q.toUs());
    }
    if (q.model() != null) {
      sql.append(" AND EXISTS (SELECT 1 FROM spans s WHERE s.project_id = traces.project_id")
          .append(" AND s.trace_id = traces.id AND s.model = ?)");
      args.add(q.model());
    }
    if (few != null) {
      // Read by rowid (the query says NOT INDEXED, which leaves rowid look-ups alone), a
      // handful of rows, rather than by walking the project's traces in time order.
      sql.append(few.isEmpty() ? " AND 0 = 1" : " AND rowid IN (");
      for (int i = 0; i < few.size(); i++) {
        sql.append(i == 0 ? "" : ",").append(few.get(i).longValue());
      }
      sql.append(few.isEmpty() ? "" : ")");
    } else if (q.text() != null && !q.text().isBlank()) {
      text(sql, args, q.text());
    }
    TraceQuery.AtLeast min = q.atLeast() == null ? TraceQuery.AtLeast.NONE : q.atLeast();
    if (min.latencyUs() != null) {
      sql.append(" AND end_us - start_us >= ?");
      args.add(min.latencyUs());
    }
    if (min.tokens() != null) {
      sql.append(" AND total_tokens >= ?");
      args.add(min.tokens());
    }
    if (min.cost() != null) {
      sql.append(" AND ").append(Sql.TRACE_COST).append(" >= ?");
      args.add(min.cost());
    }
    if (min.calls() != null) {
      sql.append(" AND calls >= ?");
      args.add(min.calls());
    }
    if (q.metadataKey() != null && q.metadataValue() != null && fewTraces) {
      sql.append(" AND EXISTS (SELECT 1 FROM trace_metadata m WHERE m.project_id = traces.project_id"
          + " AND m.key = ? AND m.value = ? AND m.trace_id = traces.id)");
      args.add(q.metadataKey());
      args.add(q.metadataValue());
    } else if (q.metadataKey() != null && q.metadataValue() != null) {
      // Through the metadata index (V8): a look-up, not every trace's JSON. Not correlated with
      // the outer row, so that the database reads the matching ids once rather than per trace.
      sql.append(" AND id IN (SELECT m.trace_id FROM trace_metadata m WHERE m.project_id = ?"
          + " AND m.key = ? AND m.value = ?)");
      args.add(projectId);
      args.add(q.metadataKey());
      args.add(q.metadataValue());
    }
  }

  /** Searched: a trace's name and the first {@value #SEARCHED_CHARS} characters of its input and output. */
  static final int SEARCHED_CHARS = 2_000;

  /**
   * Text anywhere in the name, input or output, case aside, through each database's trigram
   * index (V5): SQLite's FTS5 for three characters or more (it cannot look up fewer), PostgreSQL's
   * pg_trgm behind ILIKE.
   */
  private void text(StringBuilder sql, List<Object> args, String text) {
    if (usesTextIndex(text)) {
      sql.append(" AND rowid IN (SELECT rowid FROM traces_text WHERE traces_text MATCH ?)");
      args.add(phrase(text));
      return;
    }
    String like = "%" + escapeLike(text) + "%";
    if (dialect == Dialect.SQLITE) {
      sql.append(" AND (name LIKE ? ESCAPE '\\' OR substr(input, 1, " + SEARCHED_CHARS + ") LIKE ? ESCAPE '\\'"
          + " OR substr(output, 1, " + SEARCHED_CHARS + ") LIKE ? ESCAPE '\\')");
      args.add(like);
      args.add(like);
      args.add(like);
    } else {
      sql.append(" AND (name || ' ' || COALESCE(left(input, " + SEARCHED_CHARS + "), '') || ' '"
          + " || COALESCE(left(output, " + SEARCHED_CHARS + "), '')) ILIKE ? ESCAPE '\\'");
      args.add(like);
    }
  }

  /** At most this many matching traces count as few: read by rowid rather than by walking the project. */
  static final int FEW_MATCHES = 1000;

  /**
   * The rowids of the traces (of every project) whose text holds the searched text, when the text
   * index finds at most {@link #FEW_MATCHES} (reading stops past that); null when it finds more,
   * or when there is no search or no index for it. Text few traces hold (an id, a name, a rare
   * phrase) is then read by rowid: left to the planner, it walks every trace of the project in
   * time order, checking each against the matches (20 ms at 1M spans and 0.4 s at 10M for one
   * match). Text many traces hold keeps that plan, which stops at the page's end.
   */
  private List<Long> fewTextMatches(Connection c, TraceQuery q) throws SQLException {
    if (q.text() == null || q.text().isBlank() || !usesTextIndex(q.text())) {
      return null;
    }
    List<Long> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT rowid FROM traces_text WHERE traces_text MATCH ? LIMIT " + (FEW_MATCHES + 1))) {
      ps.setString(1, phrase(q.text()));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getLong(1));
        }
      }
    }
    return out.size() > FEW_MATCHES ? null : out;
  }

  /** Whether a search goes through SQLite's trigram index (three characters or more). */
  private boolean usesTextIndex(String text) {
    return dialect == Dialect.SQLITE && text.codePointCount(0, text.length()) >= 3;
  }

  private static String phrase(String text) {
    return "\"" + text.replace("\"", "\"\"") + "\"";
  }

  List<String> environments(Connection c, String projectId) throws SQLException {
    List<String> out = new ArrayList<>();
    try (PreparedStatement ps = prepare(c, "SELECT DISTINCT environment FROM traces WHERE project_id = ?"
        + " AND environment IS NOT NULL ORDER BY environment", List.of(projectId));
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  List<SessionRow> sessions(Connection c, String projectId, String environment, int limit,
      int offset) throws SQLException {
    List<Object> args = new ArrayList<>();
    StringBuilder sql = new StringBuilder(
        "SELECT session_id, COUNT(*), MIN(start_us), MAX(start_us), COALESCE(" + dialect.safeSum + "(total_tokens), 0),"
            + " SUM(" + Sql.TRACE_COST + "), SUM(CASE WHEN status = 'error' THEN 1 ELSE 0 END),"
            + " MAX(user_id)"
            + " FROM traces WHERE project_id = ? AND session_id IS NOT NULL");
    args.add(projectId);
    eq(sql, args, "environment", environment);
    sql.append(" GROUP BY session_id ORDER BY MAX(start_us) DESC, session_id LIMIT ? OFFSET ?");
    args.add(limit + 1);
    args.add(offset);
    List<SessionRow> out = new ArrayList<>();
    try (PreparedStatement ps = prepare(c, sql.toString(), args);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(new SessionRow(rs.getString(1), rs.getInt(2), rs.getLong(3), rs.getLong(4),
            rs.getLong(5), Rows.getDouble(rs, 6), rs.getInt(7), rs.getString(8)));
      }
    }
    return out;
  }

  List<CallRow> calls(Connection c, String projectId, long fromUs, long toUs, String environment,
      int max) throws SQLException {
    List<Object> args = new ArrayList<>();
    StringBuilder sql = new StringBuilder(
        "SELECT s.start_us, s.end_us - s.start_us, s.provider, s.model, t.environment, s.status,"
            + " COALESCE(s.input_tokens, 0), COALESCE(s.output_tokens, 0), s.cost"
            + " FROM spans s JOIN traces t ON t.project_id = s.project_id AND t.id = s.trace_id"
            + " WHERE s.project_id = ? AND s.type IN ('generation', 'embedding')"
            + " AND s.start_us >= ? AND s.start_us < ?");
    args.add(projectId);
    args.add(fromUs);
    args.add(toUs);
    if (environment != null) {
      sql.append(" AND t.environment = ?");
      args.add(environment);
    }
    sql.append(" ORDER BY s.start_us LIMIT ?");
    args.add(max);
    List<CallRow> out = new ArrayList<>();
    try (PreparedStatement ps = prepare(c, sql.toString(), args);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(new CallRow(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
            rs.getString(5), Status.ERROR.is(rs.getString(6)), rs.getLong(7), rs.getLong(8),
            Rows.getDouble(rs, 9)));
      }
    }
    return out;
  }

  private static void eq(StringBuilder sql, List<Object> args, String column, String value) {
    if (value != null) {
      sql.append(" AND ").append(column).append(" = ?");
      args.add(value);
    }
  }

  private static String escapeLike(String text) {
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }

  private static PreparedStatement prepare(Connection c, String sql, List<Object> args)
      throws SQLException {
    PreparedStatement ps = c.prepareStatement(sql);
    for (int i = 0; i < args.size(); i++) {
      Object a = args.get(i);
      if (a instanceof Long) {
        ps.setLong(i + 1, (Long) a);
      } else if (a instanceof Integer) {
        ps.setInt(i + 1, (Integer) a);
      } else if (a instanceof Double) {
        ps.setDouble(i + 1, (Double) a);
      } else {
        ps.setString(i + 1, (String) a);
      }
    }
    return ps;
  }
}

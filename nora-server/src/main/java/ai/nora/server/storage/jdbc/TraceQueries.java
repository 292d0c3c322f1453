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
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/**
 * The reading queries whose SQL depends on the filters given. Pages are keyed on (start time, id)
 * rather than offsets, so the thousandth page costs what the first does.
 */
final class TraceQueries {
  private final Dialect dialect;

  TraceQueries(Dialect dialect) {
    this.dialect = dialect;
  }

  /**
   * The traces a search or a metadata filter leaves, when they are few ({@code keys}: SQLite's
   * rowids, PostgreSQL's trace ids), and which of the two filters they stand for. A query reads
   * them by key, rather than walking the project's traces in time order checking each one; found
   * once for a page and its totals.
   */
  record Few(List<Object> keys, boolean text, boolean metadata) {}

  List<TraceRow> page(Connection c, String projectId, TraceQuery q) throws SQLException {
    return page(c, projectId, q, few(c, projectId, q));
  }

  /** A page of traces; {@code few}: what {@link #few} found for the same query. */
  List<TraceRow> page(Connection c, String projectId, TraceQuery q, Optional<Few> few) throws SQLException {
    Few matches = few.orElse(null);
    List<Object> args = new ArrayList<>();
    StringBuilder sql = new StringBuilder("SELECT ").append(Sql.TRACE_COLUMNS).append(" FROM traces")
        .append(matches != null && dialect == Dialect.SQLITE ? " NOT INDEXED" : "").append(" WHERE project_id = ?");
    args.add(projectId);
    filters(sql, args, projectId, q, matches);
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
    return totals(c, projectId, q, byRollups(q) ? Optional.empty() : few(c, projectId, q));
  }

  /** {@code few}: what {@link #few} found for the same query, or empty (found nothing or not asked). */
  Totals totals(Connection c, String projectId, TraceQuery q, Optional<Few> few) throws SQLException {
    if (!byRollups(q)) {
      return scan(c, projectId, q, few);
    }
    Long from = q.fromUs();
    Long to = q.toUs();
    Long firstHour = from == null ? null : Math.floorDiv(from + TraceRollups.HOUR_US - 1, TraceRollups.HOUR_US) * TraceRollups.HOUR_US;
    Long endHour = to == null ? null : Math.floorDiv(to, TraceRollups.HOUR_US) * TraceRollups.HOUR_US;
    if (firstHour != null && endHour != null && firstHour >= endHour) {
      return scan(c, projectId, q, few);
    }
    Totals sum = rollups(c, projectId, q, firstHour, endHour);
    if (from != null && from < firstHour) {
      sum = add(sum, scan(c, projectId, within(q, from, firstHour), few));
    }
    if (to != null && endHour < to) {
      sum = add(sum, scan(c, projectId, within(q, endHour, to), few));
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

  private Totals scan(Connection c, String projectId, TraceQuery q, Optional<Few> few) throws SQLException {
    Few matches = few.orElse(null);
    List<Object> args = new ArrayList<>();
    StringBuilder sql = new StringBuilder(
        "SELECT COUNT(*), COALESCE(" + dialect.safeSum + "(total_tokens), 0), SUM(" + Sql.TRACE_COST + "),"
            + " SUM(CASE WHEN status = 'error' THEN 1 ELSE 0 END) FROM traces"
            + (matches != null && dialect == Dialect.SQLITE ? " NOT INDEXED" : "") + " WHERE project_id = ?");
    args.add(projectId);
    filters(sql, args, projectId, q, matches);
    try (PreparedStatement ps = prepare(c, sql.toString(), args);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return new Totals(rs.getLong(1), rs.getLong(2), Rows.getDouble(rs, 3), rs.getLong(4));
    }
  }

  /** {@code few}: the traces the text or metadata filter leaves when they are few (see {@link #few}), or null. */
  private void filters(StringBuilder sql, List<Object> args, String projectId, TraceQuery q, Few few) {
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
      byKeys(sql, args, few.keys());
    }
    if (hasText(q) && (few == null || !few.text())) {
      text(sql, args, q.text());
    }
    if (hasMetadata(q) && (few == null || !few.metadata())) {
      // Many traces hold the value (on SQLite few do not get here): walking the traces in the
      // query's order, each is looked up in the metadata index, and a page stops after its first
      // rows. Reading every matching id first would read millions at 10M spans.
      sql.append(" AND EXISTS (SELECT 1 FROM trace_metadata m WHERE m.project_id = traces.project_id"
          + " AND m.key = ? AND m.value = ? AND m.trace_id = traces.id)");
      args.add(q.metadataKey());
      args.add(q.metadataValue());
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

  /** At most this many traces holding a searched text count as few (see {@link #few}). */
  static final int FEW_TEXT_MATCHES = 1_000;

  /**
   * At most this many traces holding a metadata value count as few: reading them is a range of
   * the metadata index and a look-up each, cheaper than a text index's.
   */
  static final int FEW_METADATA_MATCHES = 5_000;

  /**
   * The traces a search or a metadata filter leaves, when the index finds few (reading stops past
   * that); empty when it finds more, or when the query has neither. Text or a value few traces
   * hold (an id, a customer, a rare phrase) is then read by key: left to the planner, SQLite
   * walks every trace of the project in time order, checking each against the matches (20 ms at
   * 1M spans and 0.4 s at 10M for one match), and PostgreSQL reads its trigram index once for the
   * page and again for the totals. A filter many traces match keeps the walk, which stops at the
   * page's end. Both filters: their intersection when both are few.
   */
  Optional<Few> few(Connection c, String projectId, TraceQuery q) throws SQLException {
    List<Object> text = hasText(q) ? fewTextMatches(c, projectId, q.text()) : null;
    List<Object> metadata = hasMetadata(q) ? fewMetadataMatches(c, projectId, q) : null;
    if (text != null && metadata != null) {
      text.retainAll(new HashSet<>(metadata));
      return Optional.of(new Few(text, true, true));
    }
    if (text != null) {
      return Optional.of(new Few(text, true, false));
    }
    return Optional.ofNullable(metadata == null ? null : new Few(metadata, false, true));
  }

  private static boolean hasText(TraceQuery q) {
    return q.text() != null && !q.text().isBlank();
  }

  private static boolean hasMetadata(TraceQuery q) {
    return q.metadataKey() != null && q.metadataValue() != null;
  }

  /** SQLite: the rowids, from the text index, of every project (the query keeps its project). */
  private List<Object> fewTextMatches(Connection c, String projectId, String text) throws SQLException {
    if (dialect == Dialect.SQLITE && !usesTextIndex(text)) {
      return null;
    }
    List<Object> args = new ArrayList<>();
    StringBuilder sql = new StringBuilder();
    if (dialect == Dialect.SQLITE) {
      sql.append("SELECT rowid FROM traces_text WHERE traces_text MATCH ?");
      args.add(phrase(text));
    } else {
      sql.append("SELECT id FROM traces WHERE project_id = ?");
      args.add(projectId);
      text(sql, args, text);
    }
    return keys(c, sql.append(" LIMIT ").append(FEW_TEXT_MATCHES + 1).toString(), args, FEW_TEXT_MATCHES);
  }

  /**
   * SQLite: the rowids of the traces holding the value, when few. PostgreSQL: not looked up (null),
   * its planner chooses between reading the value's traces and walking the page's order from its
   * statistics of the metadata index (measured at 10M: 20 ms for 2,000 traces, where a list of
   * their ids as parameters costs more).
   */
  private List<Object> fewMetadataMatches(Connection c, String projectId, TraceQuery q) throws SQLException {
    if (dialect != Dialect.SQLITE) {
      return null;
    }
    return keys(c, "SELECT t.rowid FROM trace_metadata m JOIN traces t ON t.project_id = m.project_id"
        + " AND t.id = m.trace_id WHERE m.project_id = ? AND m.key = ? AND m.value = ? LIMIT "
        + (FEW_METADATA_MATCHES + 1), List.of(projectId, q.metadataKey(), q.metadataValue()), FEW_METADATA_MATCHES);
  }

  /** The first column of every row (a rowid or a trace id), or null if there are more than {@code max}. */
  private List<Object> keys(Connection c, String sql, List<Object> args, int max) throws SQLException {
    List<Object> out = new ArrayList<>();
    try (PreparedStatement ps = prepare(c, sql, args);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(dialect == Dialect.SQLITE ? (Object) rs.getLong(1) : rs.getString(1));
      }
    }
    return out.size() > max ? null : out;
  }

  /**
   * Keeps the traces of {@link Few}'s keys: SQLite's rowids written into the query (numbers; the
   * query says NOT INDEXED, which leaves rowid look-ups alone), PostgreSQL's ids as parameters.
   */
  private void byKeys(StringBuilder sql, List<Object> args, List<Object> keys) {
    if (keys.isEmpty()) {
      sql.append(" AND 0 = 1");
      return;
    }
    sql.append(dialect == Dialect.SQLITE ? " AND rowid IN (" : " AND id IN (");
    for (int i = 0; i < keys.size(); i++) {
      sql.append(i == 0 ? "" : ",");
      if (dialect == Dialect.SQLITE) {
        sql.append(((Number) keys.get(i)).longValue());
      } else {
        sql.append('?');
        args.add(keys.get(i));
      }
    }
    sql.append(')');
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

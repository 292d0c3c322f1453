package ai.nora.server.storage.jdbc;

import ai.nora.server.storage.ScoreRow;
import ai.nora.server.storage.TraceRow;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Reads rows selected with {@link Sql#TRACE_COLUMNS} and the score columns. */
final class Rows {
  private Rows() {}

  static TraceRow trace(ResultSet rs) throws SQLException {
    return new TraceRow(
        rs.getString(1),
        rs.getString(2),
        rs.getString(3),
        rs.getLong(4),
        getLong(rs, 5),
        rs.getString(6),
        rs.getString(7),
        rs.getString(8),
        rs.getString(9),
        rs.getString(10),
        rs.getString(11),
        rs.getString(12),
        getDouble(rs, 13),
        rs.getString(14),
        getDouble(rs, 15),
        rs.getInt(16),
        rs.getInt(17),
        rs.getLong(18),
        rs.getLong(19),
        rs.getLong(20),
        getDouble(rs, 21),
        rs.getLong(22),
        rs.getLong(23));
  }

  static ScoreRow score(ResultSet rs) throws SQLException {
    return new ScoreRow(
        rs.getString(1),
        rs.getString(2),
        rs.getString(3),
        rs.getString(4),
        getDouble(rs, 5),
        rs.getString(6),
        rs.getString(7),
        rs.getString(8),
        rs.getLong(9));
  }

  static Long getLong(ResultSet rs, int i) throws SQLException {
    long v = rs.getLong(i);
    return rs.wasNull() ? null : v;
  }

  static Double getDouble(ResultSet rs, int i) throws SQLException {
    double v = rs.getDouble(i);
    return rs.wasNull() ? null : v;
  }
}

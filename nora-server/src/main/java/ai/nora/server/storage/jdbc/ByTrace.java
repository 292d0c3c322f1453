package ai.nora.server.storage.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

/**
 * Reads the rows of some traces of a project by key, a few hundred traces to a statement (well
 * under every database's limit on parameters): what every step of the write path that looks at
 * "the traces this write touched" does.
 */
final class ByTrace {
  static final int CHUNK = 500;

  private ByTrace() {}

  /** One row of the result. */
  interface Row {
    void read(ResultSet rs) throws SQLException;
  }

  /**
   * Runs {@code sql} for {@code traceIds}, a chunk at a time; its {@code %s} is the IN list, its
   * first parameter the project.
   */
  static void select(Connection c, String sql, String projectId, Collection<String> traceIds, Row row)
      throws SQLException {
    List<String> ids = traceIds instanceof List<String> list ? list : new ArrayList<>(traceIds);
    for (int from = 0; from < ids.size(); from += CHUNK) {
      List<String> chunk = ids.subList(from, Math.min(ids.size(), from + CHUNK));
      try (PreparedStatement ps = c.prepareStatement(
          String.format(sql, String.join(", ", Collections.nCopies(chunk.size(), "?"))))) {
        int i = 1;
        ps.setString(i++, projectId);
        for (String id : chunk) {
          ps.setString(i++, id);
        }
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            row.read(rs);
          }
        }
      }
    }
  }
}

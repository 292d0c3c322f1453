package ai.nora.server.storage.jdbc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A trace's metadata key by key ({@code trace_metadata}), so that a filter on a key and value
 * is an index look-up. Only top-level values that are text, numbers or true/false, up to
 * {@value #MAX_VALUE_CHARS} characters, are kept; a number is kept as its JSON text ({@code 1},
 * {@code 0.5}), as the filter's value is given.
 */
public final class TraceMetadata {
  static final int MAX_VALUE_CHARS = 1_000;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String DELETE = "DELETE FROM trace_metadata WHERE project_id = ? AND trace_id = ?";
  private static final String INSERT = "INSERT INTO trace_metadata (project_id, key, value, trace_id)"
      + " VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING";

  private TraceMetadata() {}

  /** Deletes the rows of one trace (added to the statement's batch). */
  static void delete(PreparedStatement delete, String projectId, String traceId) throws SQLException {
    delete.setString(1, projectId);
    delete.setString(2, traceId);
    delete.addBatch();
  }

  static PreparedStatement deleting(Connection c) throws SQLException {
    return c.prepareStatement(DELETE);
  }

  static PreparedStatement inserting(Connection c) throws SQLException {
    return c.prepareStatement(INSERT);
  }

  /** Adds the rows of one trace's metadata pairs ({@link #pairs}) to the statement's batch. */
  static void add(PreparedStatement insert, String projectId, String traceId, Map<String, String> pairs)
      throws SQLException {
    for (Map.Entry<String, String> e : pairs.entrySet()) {
      insert.setString(1, projectId);
      insert.setString(2, e.getKey());
      insert.setString(3, e.getValue());
      insert.setString(4, traceId);
      insert.addBatch();
    }
  }

  /**
   * The key and value pairs of a trace's metadata that are indexed (and rolled up, see {@link
   * TraceRollups}): none when it is absent or not a JSON object.
   */
  static Map<String, String> pairs(String metadataJson) {
    if (metadataJson == null) {
      return Map.of();
    }
    JsonNode metadata;
    try {
      metadata = JSON.readTree(metadataJson);
    } catch (IOException e) {
      return Map.of();
    }
    if (metadata == null || !metadata.isObject()) {
      return Map.of();
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = metadata.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode v = e.getValue();
      if (!v.isValueNode() || v.isNull()) {
        continue;
      }
      String value = v.isTextual() ? v.textValue() : v.toString();
      if (value.length() > MAX_VALUE_CHARS || e.getKey().length() > MAX_VALUE_CHARS) {
        continue;
      }
      out.put(e.getKey(), value);
    }
    return out;
  }

  /** Fills the rows from the traces already stored (migration V9), in one pass. */
  public static void backfill(Connection c) throws SQLException {
    try (PreparedStatement select = c.prepareStatement(
            "SELECT project_id, id, metadata FROM traces WHERE metadata IS NOT NULL");
        PreparedStatement insert = inserting(c)) {
      select.setFetchSize(1_000);
      int pending = 0;
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          add(insert, rs.getString(1), rs.getString(2), pairs(rs.getString(3)));
          if (++pending % 1_000 == 0) {
            insert.executeBatch();
          }
        }
      }
      insert.executeBatch();
    }
  }
}

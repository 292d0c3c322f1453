package ai.nora.server.storage.jdbc;

import ai.nora.server.storage.StorageException;
import ai.nora.server.Micros;
import ai.nora.server.storage.KeyStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@link KeyStore} through JDBC. */
public final class JdbcKeyStore implements KeyStore {
  private final Database db;

  public JdbcKeyStore(Database db) {
    this.db = db;
  }

  @Override
  public Project ensureProject(String id, String name) {
    try (Connection c = db.connection()) {
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO projects (id, name, created_us) VALUES (?, ?, ?)"
              + " ON CONFLICT (id) DO NOTHING")) {
        ps.setString(1, id);
        ps.setString(2, name);
        ps.setLong(3, Micros.now());
        ps.executeUpdate();
      }
      try (PreparedStatement ps =
          c.prepareStatement("SELECT id, name, created_us FROM projects WHERE id = ?")) {
        ps.setString(1, id);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          return new Project(rs.getString(1), rs.getString(2), rs.getLong(3));
        }
      }
    } catch (SQLException e) {
      throw new StorageException("could not create project " + id + ": " + e.getMessage(), e);
    }
  }

  @Override
  public List<Project> projects() {
    try (Connection c = db.connection();
        PreparedStatement ps =
            c.prepareStatement("SELECT id, name, created_us FROM projects ORDER BY created_us");
        ResultSet rs = ps.executeQuery()) {
      List<Project> out = new ArrayList<>();
      while (rs.next()) {
        out.add(new Project(rs.getString(1), rs.getString(2), rs.getLong(3)));
      }
      return out;
    } catch (SQLException e) {
      throw new StorageException("could not list projects: " + e.getMessage(), e);
    }
  }

  @Override
  public boolean addKey(ApiKey key, String keyHash) {
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement(
            "INSERT INTO api_keys (id, project_id, name, key_hash, key_prefix, created_us)"
                + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (key_hash) DO NOTHING")) {
      ps.setString(1, key.id());
      ps.setString(2, key.projectId());
      ps.setString(3, key.name());
      ps.setString(4, keyHash);
      ps.setString(5, key.prefix());
      ps.setLong(6, key.createdUs());
      return ps.executeUpdate() == 1;
    } catch (SQLException e) {
      throw new StorageException("could not store an API key: " + e.getMessage(), e);
    }
  }

  @Override
  public Optional<String> projectOfKeyHash(String keyHash) {
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement(
            "SELECT project_id FROM api_keys WHERE key_hash = ? AND revoked_us IS NULL")) {
      ps.setString(1, keyHash);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new StorageException("could not check an API key: " + e.getMessage(), e);
    }
  }

  @Override
  public List<ApiKey> keys() {
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement(
            "SELECT id, project_id, name, key_prefix, created_us, revoked_us FROM api_keys"
                + " ORDER BY created_us");
        ResultSet rs = ps.executeQuery()) {
      List<ApiKey> out = new ArrayList<>();
      while (rs.next()) {
        out.add(new ApiKey(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
            rs.getLong(5), Rows.getLong(rs, 6)));
      }
      return out;
    } catch (SQLException e) {
      throw new StorageException("could not list API keys: " + e.getMessage(), e);
    }
  }

  @Override
  public boolean revokeKey(String idOrPrefix, long nowUs) {
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement(
            "UPDATE api_keys SET revoked_us = ? WHERE revoked_us IS NULL"
                + " AND (id = ? OR key_prefix = ?)")) {
      ps.setLong(1, nowUs);
      ps.setString(2, idOrPrefix);
      ps.setString(3, idOrPrefix);
      return ps.executeUpdate() > 0;
    } catch (SQLException e) {
      throw new StorageException("could not revoke the key: " + e.getMessage(), e);
    }
  }
}

package org.yizhan.planning.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.yizhan.error.DomainException;
import org.yizhan.planning.Scenario;

/** The {@code planning_scenario} table. */
public final class ScenarioRepository {

  private static final String UNIQUE_VIOLATION = "23505";

  private final DataSource ds;

  public ScenarioRepository(DataSource ds) {
    this.ds = ds;
  }

  /** Stores a new scenario; {@link DomainException.AlreadyExists} when the name is taken. */
  public Scenario insert(String name, String kind, String owner, String document)
      throws SQLException {
    try (Connection c = ds.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO planning_scenario (name, kind, owner, document)"
                    + " VALUES (?, ?, ?, ?::jsonb) RETURNING created_at")) {
      ps.setString(1, name);
      ps.setString(2, kind);
      ps.setString(3, owner);
      ps.setString(4, document);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return new Scenario(name, kind, owner, rs.getTimestamp(1).toInstant(), document);
      }
    } catch (SQLException e) {
      if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
        throw new DomainException.AlreadyExists("scenario", name);
      }
      throw e;
    }
  }

  /** Every scenario without its document, newest first. */
  public List<Scenario> list() throws SQLException {
    List<Scenario> out = new ArrayList<>();
    try (Connection c = ds.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT name, kind, owner, created_at FROM planning_scenario"
                    + " ORDER BY created_at DESC, name");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(
            new Scenario(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getTimestamp(4).toInstant(),
                null));
      }
    }
    return out;
  }

  public Optional<Scenario> find(String name) throws SQLException {
    try (Connection c = ds.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT name, kind, owner, created_at, document::text FROM planning_scenario"
                    + " WHERE name = ?")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        return Optional.of(
            new Scenario(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getTimestamp(4).toInstant(),
                rs.getString(5)));
      }
    }
  }

  public boolean delete(String name) throws SQLException {
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement("DELETE FROM planning_scenario WHERE name = ?")) {
      ps.setString(1, name);
      return ps.executeUpdate() > 0;
    }
  }
}

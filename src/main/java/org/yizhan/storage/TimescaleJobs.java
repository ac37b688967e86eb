package org.yizhan.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TimescaleDB jobs the server watches, one maintenance task each: the compression and retention
 * policies of {@code reading}, the retention policy of each continuous aggregate that has one, and
 * each aggregate's refresh policy. On PostgreSQL 15.20 the extension's background workers fail
 * ("cannot drop portal") while {@code CALL run_job} from a session works, so a job that has not
 * succeeded by itself within its interval is run by the server, on the job's own schedule.
 *
 * <p>A task finds its job again at each run by what it does and to which relation (a changed
 * setting replaces a retention policy, and its job id with it), and takes the job's current {@code
 * schedule_interval} as its interval.
 */
public final class TimescaleJobs {

  private static final Logger LOG = LoggerFactory.getLogger(TimescaleJobs.class);

  /** The jobs by procedure and relation (an aggregate's view name, not its hypertable's). */
  private static final String JOBS =
      "SELECT j.job_id, j.proc_name, coalesce(ca.view_name, j.hypertable_name) AS relation,"
          + " extract(epoch FROM j.schedule_interval)::bigint AS every_s,"
          + " CASE WHEN isfinite(s.last_successful_finish) THEN s.last_successful_finish END"
          + " AS last_success"
          + " FROM timescaledb_information.jobs j"
          + " LEFT JOIN timescaledb_information.job_stats s ON s.job_id = j.job_id"
          + " LEFT JOIN timescaledb_information.continuous_aggregates ca"
          + " ON ca.materialization_hypertable_name = j.hypertable_name"
          + " AND ca.materialization_hypertable_schema = j.hypertable_schema"
          + " WHERE j.proc_name IN ('policy_compression', 'policy_retention',"
          + " 'policy_refresh_continuous_aggregate')";

  /** One job as the catalog shows it now. */
  record Job(
      int id, String proc, String relation, Duration every, Instant lastSuccess, String task) {}

  private TimescaleJobs() {}

  /** A task for each job that matters, as the jobs stand now. Blocking. */
  public static List<MaintenanceTask> all(DataSource ds) throws SQLException {
    List<MaintenanceTask> out = new ArrayList<>();
    for (Job j : list(ds)) {
      if (j.task() != null) {
        out.add(new JobTask(j));
      }
    }
    return out;
  }

  /** The policy jobs, each with the task name it is watched under (null for one not ours). */
  static List<Job> list(DataSource ds) throws SQLException {
    List<Job> out = new ArrayList<>();
    try (Connection c = ds.getConnection();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(JOBS + " ORDER BY j.job_id")) {
      while (rs.next()) {
        String proc = rs.getString("proc_name");
        String relation = rs.getString("relation");
        Timestamp last = rs.getTimestamp("last_success");
        out.add(
            new Job(
                rs.getInt("job_id"),
                proc,
                relation,
                Duration.ofSeconds(rs.getLong("every_s")),
                last == null ? null : last.toInstant(),
                taskName(proc, relation)));
      }
    }
    return out;
  }

  /**
   * {@code compression}, {@code retention} (of readings), {@code retention_15m} (of an aggregate),
   * {@code rollup_15m} (an aggregate's refresh); null for a job on another relation.
   */
  static String taskName(String proc, String relation) {
    String level = null;
    for (Rollup r : Rollup.values()) {
      if (r.aggregate().equals(relation)) {
        level = r.aggregate().substring("reading_".length());
      }
    }
    boolean readings = "reading".equals(relation);
    return switch (proc) {
      case "policy_compression" -> readings ? "compression" : null;
      case "policy_retention" ->
          readings ? "retention" : level != null ? "retention_" + level : null;
      case "policy_refresh_continuous_aggregate" -> level != null ? "rollup_" + level : null;
      default -> null;
    };
  }

  /** Watches one job: records its own success, or runs it when it has none within its interval. */
  static final class JobTask implements MaintenanceTask {
    private final String name;
    private final String proc;
    private final String relation;
    private volatile Duration every;

    JobTask(Job j) {
      this.name = j.task();
      this.proc = j.proc();
      this.relation = j.relation();
      this.every = j.every();
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public Duration every() {
      return every;
    }

    @Override
    public void run(DataSource ds) throws SQLException {
      runTimed(ds, Clock.systemUTC());
    }

    @Override
    public Instant runTimed(DataSource ds, Clock clock) throws SQLException {
      Job job = find(ds);
      every = job.every();
      Instant now = clock.instant();
      if (job.lastSuccess() != null && job.lastSuccess().isAfter(now.minus(job.every()))) {
        return job.lastSuccess();
      }
      try (Connection c = ds.getConnection();
          Statement st = c.createStatement()) {
        c.setAutoCommit(true);
        st.execute("CALL run_job(" + job.id() + ")");
      }
      LOG.debug("storage: ran TimescaleDB job {} ({})", job.id(), name);
      return clock.instant();
    }

    private Job find(DataSource ds) throws SQLException {
      try (Connection c = ds.getConnection();
          PreparedStatement ps =
              c.prepareStatement(
                  "SELECT * FROM (" + JOBS + ") x WHERE proc_name = ? AND relation = ?")) {
        ps.setString(1, proc);
        ps.setString(2, relation);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            throw new SQLException(
                "TimescaleDB has no " + proc + " job on " + relation + " any more");
          }
          Timestamp last = rs.getTimestamp("last_success");
          return new Job(
              rs.getInt("job_id"),
              proc,
              relation,
              Duration.ofSeconds(rs.getLong("every_s")),
              last == null ? null : last.toInstant(),
              name);
        }
      }
    }
  }
}

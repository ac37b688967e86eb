package org.yizhan.api;

import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.yizhan.config.StorageConfig;
import org.yizhan.storage.DiskUse;
import org.yizhan.storage.StorageModule;
import org.yizhan.storage.TaskStatus;

/**
 * How the storage looks after itself, for super admins: the store, the retention settings, each
 * maintenance task's status, and the disk the readings take per day. The whole database is
 * concerned, not some stations, hence super admins only (like the webhook targets).
 */
final class StorageRoutes {

  private final StorageModule storage;
  private final DataSource ds;
  private final WorkerExecutor db;
  private final AdminAuth admin;

  StorageRoutes(StorageModule storage, DataSource ds, WorkerExecutor db, AdminAuth admin) {
    this.storage = storage;
    this.ds = ds;
    this.db = db;
    this.admin = admin;
  }

  void mount(Router router) {
    router
        .get("/api/v1/admin/storage")
        .handler(admin.require(AdminAuth.Access.SUPER))
        .handler(this::show);
  }

  private void show(RoutingContext ctx) {
    Params.of(ctx.queryParams(), Set.of());
    Blocking.run(db, ctx, () -> json(storage.diskUse(ds))).onSuccess(ctx::json);
  }

  private JsonObject json(DiskUse.Report disk) {
    Instant now = storage.maintenance().clock().instant();
    JsonArray tasks = new JsonArray();
    for (TaskStatus s : storage.maintenance().status()) {
      tasks.add(task(s, now));
    }
    StorageConfig c = storage.config();
    return new JsonObject()
        .put("store", storage.store().code())
        .put(
            "retention",
            new JsonObject()
                .put("raw_days", c.rawRetention().toDays())
                .put("rollup_15m_days", days(c.rollup15mRetention()))
                .put("rollup_1h_days", days(c.rollup1hRetention()))
                .put("rollup_1d_days", days(c.rollup1dRetention())))
        .put("tasks", tasks)
        .put("disk", disk(disk));
  }

  /** A task's status as the API and console show it. */
  static JsonObject task(TaskStatus s, Instant now) {
    boolean late = s.late(now);
    return new JsonObject()
        .put("name", s.name())
        .put("every_s", s.every().toSeconds())
        .put("last_success", text(s.lastSuccess()))
        .put("last_failure", text(s.lastFailure()))
        .put("last_error", s.lastError())
        .put("failing", s.failing())
        .put("late", late)
        .put("late_since", late ? text(s.lateSince()) : null);
  }

  private static JsonObject disk(DiskUse.Report r) {
    JsonArray days = new JsonArray();
    for (DiskUse.Day d : r.days()) {
      days.add(
          new JsonObject()
              .put("relation", d.relation())
              .put("day", d.day() == null ? null : d.day().toString())
              .put("from", text(d.from()))
              .put("to", text(d.to()))
              .put("bytes", d.bytes())
              .put("compressed", d.compressed())
              .put("uncompressed_bytes", d.uncompressedBytes()));
    }
    return new JsonObject()
        .put("days", days)
        .put("raw_bytes", r.rawBytes())
        .put("rollup_bytes", r.rollupBytes())
        .put("database_bytes", r.databaseBytes());
  }

  /** Whole days, or null for "for ever". */
  private static Long days(Optional<Duration> keep) {
    return keep.map(Duration::toDays).orElse(null);
  }

  private static String text(Instant t) {
    return t == null ? null : t.toString();
  }
}

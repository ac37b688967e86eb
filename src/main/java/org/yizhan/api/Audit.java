package org.yizhan.api;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yizhan.account.AuditLog;
import org.yizhan.account.Principal;

/**
 * Records admin writes in the audit log, from the worker thread that made them, after they
 * committed. A failure to record is logged loudly but does not undo the write.
 */
final class Audit {

  private static final Logger LOG = LoggerFactory.getLogger(Audit.class);

  private final AuditLog log;

  Audit(AuditLog log) {
    this.log = log;
  }

  /** Captures who and from where on the event loop; {@link Recorder#record} runs on a worker. */
  Recorder by(RoutingContext ctx) {
    Principal p = AdminAuth.principal(ctx);
    String host = ClientAddress.host(ctx);
    String ip = "?".equals(host) ? null : host;
    return new Recorder(p.name(), ip);
  }

  /** Writes entries for one request. */
  final class Recorder {
    private final String actor;
    private final String ip;

    private Recorder(String actor, String ip) {
      this.actor = actor;
      this.ip = ip;
    }

    String actor() {
      return actor;
    }

    void record(
        String action,
        String targetType,
        String targetId,
        String stationId,
        JsonObject before,
        JsonObject after) {
      if (log == null) {
        return;
      }
      try {
        log.record(
            new AuditLog.Entry(actor, action, targetType, targetId, stationId, before, after, ip));
      } catch (SQLException e) {
        LOG.error(
            "audit: could not record {} {} {} by {}: {}",
            action,
            targetType,
            targetId,
            actor,
            e.getMessage());
      }
    }
  }
}

package org.yizhan.api;

import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yizhan.error.DomainException;
import org.yizhan.error.Violation;

/**
 * The single place where failures become HTTP answers: RFC 9457 {@code application/problem+json}
 * with the offending fields listed under {@code errors}. Unexpected exceptions are logged with
 * their stack trace and answered with a bare 500, never the trace.
 */
final class Problems {

  static final String TYPE_BASE = "https://yizhan.org/problems/";
  private static final Logger LOG = LoggerFactory.getLogger(Problems.class);

  /** How long a client still sending a refused body gets to read the answer before the close. */
  static final long LINGER_MS = 1_000;

  /** Seconds a caller is asked to wait when the database is unreachable. */
  static final long DATABASE_RETRY_AFTER_S = 5;

  private Problems() {}

  /**
   * Whether a failure is the database being out of reach rather than a defect: no connection from
   * the pool in time, a connection lost or refused (SQLSTATE class 08), the server shutting down or
   * starting (57P01-57P03), or out of resources (53). Any route that reaches the database then
   * answers 503 with a retry, never 500.
   */
  static boolean databaseUnavailable(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof java.sql.SQLTransientConnectionException) {
        return true;
      }
      if (t instanceof java.sql.SQLException e && e.getSQLState() != null) {
        String state = e.getSQLState();
        if (state.startsWith("08") || state.startsWith("53") || state.matches("57P0[123]")) {
          return true;
        }
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  /** Router failure handler. */
  static void handle(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    ProblemException p;
    if (failure instanceof ProblemException pe) {
      p = pe;
    } else if (failure instanceof DomainException de) {
      p = of(de);
    } else if (failure == null) {
      p = fromStatus(ctx.statusCode());
    } else if (databaseUnavailable(failure)) {
      LOG.warn(
          "{} {}: database unavailable: {}",
          ctx.request().method(),
          ctx.request().path(),
          failure.toString());
      p =
          new ProblemException(
                  ErrorCode.UNAVAILABLE, "The database is unavailable right now; try again shortly")
              .withRetryAfter(DATABASE_RETRY_AFTER_S);
    } else {
      LOG.error("{} {} failed", ctx.request().method(), ctx.request().path(), failure);
      p = new ProblemException(ErrorCode.INTERNAL, "The server could not complete the request");
    }
    send(ctx, p);
  }

  /** The one mapping of a domain refusal to its HTTP problem: status, detail, fields, retry. */
  static ProblemException of(DomainException e) {
    ErrorCode code;
    List<Violation> violations = List.of();
    if (e instanceof DomainException.InvalidInput invalid) {
      code = ErrorCode.INVALID_REQUEST;
      violations = invalid.violations();
    } else if (e instanceof DomainException.NotFound) {
      code = ErrorCode.NOT_FOUND;
    } else if (e instanceof DomainException.AlreadyExists) {
      code = ErrorCode.CONFLICT;
    } else if (e instanceof DomainException.VersionMismatch) {
      code = ErrorCode.PRECONDITION_FAILED;
    } else if (e instanceof DomainException.TooManyAttempts) {
      code = ErrorCode.TOO_MANY_REQUESTS;
    } else if (e instanceof DomainException.BadCredentials) {
      code = ErrorCode.UNAUTHORIZED;
    } else if (e instanceof DomainException.Unavailable) {
      code = ErrorCode.UNAVAILABLE;
    } else {
      throw new IllegalStateException("unmapped domain error " + e.getClass());
    }
    ProblemException p = new ProblemException(code, e.getMessage(), violations);
    return e.retryAfterSeconds() > 0 ? p.withRetryAfter(e.retryAfterSeconds()) : p;
  }

  /** Problem for a status the router produced itself (no route, body too large, ...). */
  static ProblemException fromStatus(int status) {
    return switch (status) {
      case 404 -> new ProblemException(ErrorCode.NOT_FOUND, "No such resource");
      case 405 -> new ProblemException(ErrorCode.METHOD_NOT_ALLOWED, "Method not allowed here");
      case 413 ->
          new ProblemException(
              ErrorCode.PAYLOAD_TOO_LARGE,
              "The request body is larger than this server accepts",
              java.util.List.of(Violation.of("body", "too large")));
      case 415 -> new ProblemException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type");
      case 400 ->
          new ProblemException(
              ErrorCode.INVALID_REQUEST,
              "The request could not be read",
              java.util.List.of(Violation.of("body", "could not be read")));
      default ->
          status >= 400 && status < 500
              ? new ProblemException(ErrorCode.INVALID_REQUEST, "The request was refused")
              : new ProblemException(
                  ErrorCode.INTERNAL, "The server could not complete the request");
    };
  }

  static void send(RoutingContext ctx, ProblemException p) {
    if (ctx.response().headWritten()) {
      ctx.response().reset();
      return;
    }
    HttpServerRequest req = ctx.request();
    if (!req.isEnded() && announcesBody(req)) {
      dropRestOfBody(ctx);
    }
    write(ctx.response(), req.path(), p);
  }

  /**
   * Whether the request says a body follows. A request without one is not yet "ended" while its
   * head is being routed either, and must keep its connection.
   */
  private static boolean announcesBody(HttpServerRequest req) {
    String length = req.getHeader("Content-Length");
    return req.getHeader("Transfer-Encoding") != null
        || (length != null && !length.strip().equals("0"));
  }

  /**
   * For an answer given before the body was read (too large, or not authenticated before a large
   * body): what still arrives is dropped, never buffered, and the connection is closed once the
   * client has had {@link #LINGER_MS} to read the answer, so a client that keeps sending does not
   * keep the server reading. Closing at once could reset the connection before the answer is read.
   */
  private static void dropRestOfBody(RoutingContext ctx) {
    HttpServerRequest req = ctx.request();
    req.handler(null);
    req.resume();
    ctx.response().putHeader("Connection", "close");
    HttpConnection conn = req.connection();
    ctx.vertx().setTimer(LINGER_MS, id -> conn.close());
  }

  /**
   * Answers a request the HTTP decoder could not read (request line or headers too long, garbage)
   * with a problem instead of Vert.x's empty answer, then closes the connection, whose next bytes
   * can no longer be trusted to start a request.
   */
  static void invalidRequest(HttpServerRequest req) {
    Throwable cause = req.decoderResult() == null ? null : req.decoderResult().cause();
    ProblemException p;
    if (cause instanceof TooLongHttpLineException) {
      p =
          new ProblemException(
              ErrorCode.URI_TOO_LONG,
              "The request line is longer than this server reads; shorten the query",
              java.util.List.of(Violation.of("uri", "too long")));
    } else if (cause instanceof TooLongHttpHeaderException
        || cause instanceof TooLongFrameException) {
      p =
          new ProblemException(
              ErrorCode.HEADERS_TOO_LARGE,
              "The request headers are larger than this server reads",
              java.util.List.of(Violation.of("headers", "too large")));
    } else {
      p = fromStatus(400);
    }
    HttpServerResponse res = req.response();
    res.putHeader("Connection", "close");
    write(res, null, p).onComplete(v -> req.connection().close());
  }

  private static io.vertx.core.Future<Void> write(
      HttpServerResponse res, String instance, ProblemException p) {
    JsonObject body =
        new JsonObject()
            .put("type", TYPE_BASE + p.code().slug())
            .put("title", p.code().title())
            .put("status", p.code().httpStatus())
            .put("detail", p.getMessage());
    if (instance != null) {
      body.put("instance", instance);
    }
    if (!p.violations().isEmpty()) {
      JsonArray errors = new JsonArray();
      for (Violation v : p.violations()) {
        JsonObject e = new JsonObject();
        if (v.row() != null) {
          e.put("row", v.row());
        }
        errors.add(e.put("field", v.field()).put("reason", v.reason()));
      }
      body.put("errors", errors);
    }
    if (p.retryAfterSeconds() > 0) {
      res.putHeader("Retry-After", Long.toString(p.retryAfterSeconds()));
    }
    if (p.code() == ErrorCode.UNAUTHORIZED) {
      res.putHeader("WWW-Authenticate", "Bearer realm=\"yizhan-admin\"");
    }
    return res.setStatusCode(p.code().httpStatus())
        .putHeader("Content-Type", "application/problem+json")
        .putHeader("Cache-Control", "no-store")
        .end(body.encode());
  }
}

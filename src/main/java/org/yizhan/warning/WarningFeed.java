package org.yizhan.warning;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yizhan.warning.cap.CapMapping;
import org.yizhan.warning.cap.CapParser;

/**
 * Polls the configured CAP feed: fetched with the Vert.x web client (non-blocking), parsed, mapped
 * and stored on a worker thread. A feed that is down, answers an error or garbage is logged and
 * polled again at the next interval; it never touches the manual warnings, nor the feed warnings it
 * stored before.
 */
public final class WarningFeed implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(WarningFeed.class);

  /** The longest a poll may take, connection included. */
  static final Duration TIMEOUT = Duration.ofSeconds(20);

  /** A CAP document of every warning in force in China is well under this. */
  static final int MAX_BYTES = 8 * 1024 * 1024;

  /**
   * What the polls gave, for the admin list.
   *
   * @param lastWarnings how many warnings the last good poll read
   * @param ignored what the last good poll could not use, by reason ({@code CapMapping.Ignored})
   */
  public record Status(
      String url,
      Instant lastPoll,
      Instant lastSuccess,
      String lastError,
      long polls,
      long failures,
      int lastWarnings,
      Map<String, Long> ignored) {}

  private final Vertx vertx;
  private final WebClient client;
  private final String url;
  private final Duration every;
  private final Warnings warnings;
  private final AtomicBoolean polling = new AtomicBoolean();

  /** What the last good poll ignored, by reason: the same alert is counted once per poll. */
  private volatile Map<String, Long> ignored = Map.of();

  private volatile Status status;
  private long timer = -1;

  public WarningFeed(Vertx vertx, String url, Duration every, Warnings warnings) {
    this.vertx = vertx;
    this.url = url;
    this.every = every;
    this.warnings = warnings;
    this.client =
        WebClient.create(
            vertx,
            new WebClientOptions()
                .setUserAgent("yizhan-warnings/1")
                .setConnectTimeout((int) TIMEOUT.toMillis())
                .setFollowRedirects(true));
    this.status = new Status(shown(url), null, null, null, 0, 0, 0, Map.of());
  }

  /** Polls now and then every interval. */
  public void start() {
    pollOnce();
    timer = vertx.setPeriodic(every.toMillis(), id -> pollOnce());
  }

  public Status status() {
    return status;
  }

  /**
   * One poll; completes with the number of warnings the feed gave (0 if a poll is already running),
   * or fails with why (already logged).
   */
  public Future<Integer> pollOnce() {
    if (!polling.compareAndSet(false, true)) {
      return Future.succeededFuture(0);
    }
    Instant started = Instant.now();
    return client
        .getAbs(url)
        .timeout(TIMEOUT.toMillis())
        .send()
        .compose(
            r -> {
              if (r.statusCode() != 200) {
                return Future.failedFuture("HTTP " + r.statusCode());
              }
              byte[] body = r.body() == null ? new byte[0] : r.body().getBytes();
              if (body.length > MAX_BYTES) {
                return Future.failedFuture("answer larger than " + MAX_BYTES + " bytes");
              }
              return vertx.executeBlocking(() -> store(body), false);
            })
        .andThen(
            ar -> {
              polling.set(false);
              record(started, ar.succeeded() ? ar.result() : -1, ar.cause());
            });
  }

  /** Parses, maps and stores one document; blocking. */
  private int store(byte[] body) throws Exception {
    CapMapping.Result mapped = CapMapping.map(CapParser.parse(body), warnings.cities());
    int changed = warnings.applyFeed(mapped.warnings());
    Map<String, Long> counts = new TreeMap<>();
    mapped.ignored().forEach((why, n) -> counts.put(why.code(), (long) n));
    boolean news = changed > 0 || !counts.equals(ignored);
    ignored = Map.copyOf(counts);
    if (news) {
      LOG.info(
          "warnings feed: {} warnings ({} new or changed), ignored {}",
          mapped.warnings().size(),
          changed,
          mapped.ignored());
    }
    return mapped.warnings().size();
  }

  private synchronized void record(Instant at, int read, Throwable failure) {
    Status s = status;
    String error = null;
    if (failure != null) {
      error =
          failure instanceof CapParser.Unreadable
              ? "unreadable: " + failure.getMessage()
              : String.valueOf(failure.getMessage());
      LOG.warn(
          "warnings feed: poll of {} failed, trying again in {}: {}", shown(url), every, error);
    }
    Map<String, Long> counts = ignored;
    status =
        new Status(
            s.url(),
            at,
            failure == null ? at : s.lastSuccess(),
            error,
            s.polls() + 1,
            s.failures() + (failure == null ? 0 : 1),
            failure == null ? read : s.lastWarnings(),
            counts);
  }

  /** The URL without its query, which may carry a key: what logs and the admin list show. */
  static String shown(String url) {
    int q = url.indexOf('?');
    return q < 0 ? url : url.substring(0, q) + "?…";
  }

  @Override
  public void close() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    client.close();
  }
}

package org.yizhan.alert.notify;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Posts a prepared request with one deadline for the whole exchange (connect, send, answer), so a
 * receiver that accepts the connection and then says nothing cannot hold a target's queue. Reads at
 * most {@link #MAX_BODY_BYTES} of the answer: only an error code is ever needed from it.
 */
final class HttpSender {

  static final int MAX_BODY_BYTES = 16 * 1024;
  static final String USER_AGENT = "yizhan-alert-webhook/1";

  private final Vertx vertx;
  private final HttpClient client;
  private final long timeoutMs;

  HttpSender(Vertx vertx, Duration timeout) {
    this.vertx = vertx;
    this.timeoutMs = timeout.toMillis();
    this.client =
        vertx.createHttpClient(
            new HttpClientOptions()
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeoutMs))
                .setKeepAlive(true)
                .setKeepAliveTimeout(30));
  }

  /**
   * Sends {@code r}; fails on connection errors and after the deadline, never on an HTTP status.
   */
  Future<Reply> send(PreparedRequest r) {
    RequestOptions options;
    try {
      options =
          new RequestOptions()
              .setMethod(HttpMethod.POST)
              .setAbsoluteURI(r.url())
              .setConnectTimeout(timeoutMs)
              .setIdleTimeout(timeoutMs)
              .setFollowRedirects(false);
    } catch (RuntimeException e) {
      return Future.failedFuture(new IllegalArgumentException("unusable URL"));
    }
    options.putHeader("User-Agent", USER_AGENT);
    r.headers().forEach(options::putHeader);
    Promise<Reply> result = Promise.promise();
    AtomicReference<HttpClientRequest> started = new AtomicReference<>();
    long timer =
        vertx.setTimer(
            timeoutMs,
            t -> {
              if (result.tryFail(new TimeoutException("no answer within " + timeoutMs + " ms"))) {
                HttpClientRequest req = started.get();
                if (req != null) {
                  req.reset();
                }
              }
            });
    client
        .request(options)
        .compose(
            req -> {
              if (result.future().isComplete()) {
                // Timed out while connecting: sending now would duplicate the retry.
                req.reset();
                return Future.failedFuture("timed out");
              }
              started.set(req);
              return req.send(Buffer.buffer(r.body().getBytes(StandardCharsets.UTF_8)));
            })
        .compose(HttpSender::read)
        .onComplete(
            ar -> {
              vertx.cancelTimer(timer);
              if (ar.succeeded()) {
                result.tryComplete(ar.result());
              } else {
                result.tryFail(ar.cause());
              }
            });
    return result.future();
  }

  private static Future<Reply> read(HttpClientResponse resp) {
    Promise<Reply> reply = Promise.promise();
    Buffer body = Buffer.buffer();
    resp.handler(
        chunk -> {
          int room = MAX_BODY_BYTES - body.length();
          if (room > 0) {
            body.appendBuffer(chunk, 0, Math.min(room, chunk.length()));
          }
        });
    resp.exceptionHandler(reply::tryFail);
    resp.endHandler(
        v ->
            reply.tryComplete(
                new Reply(
                    resp.statusCode(),
                    resp.getHeader("Retry-After"),
                    body.toString(StandardCharsets.UTF_8))));
    return reply.future();
  }

  Future<Void> close() {
    return client.close();
  }
}

package org.yizhan.bench;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Map users watching the live stream: keeps a number of {@code GET /api/v1/live?bbox=} streams
 * open, counts the events and bytes they receive, and opens a stream again when one drops. Events
 * are counted, not parsed, so that the client costs little next to the server it measures.
 */
final class SoakSse {

  /** The server sends a keep-alive every 15 s; a stream silent for this long is dead. */
  private static final long IDLE_TIMEOUT_MS = 60_000;

  private static final long RETRY_MS = 3_000;
  private static final byte[] EVENT_START =
      "\ndata:".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  private final Vertx vertx;
  private final HttpClient client;
  private final String uri;
  private final int streams;
  private volatile boolean stopping;

  private final AtomicInteger open = new AtomicInteger();
  private final AtomicLong events = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();
  private final AtomicLong drops = new AtomicLong();
  private final AtomicLong connectFailures = new AtomicLong();

  SoakSse(Vertx vertx, String host, int port, String bbox, int streams) {
    this.vertx = vertx;
    this.uri = "/api/v1/live?bbox=" + bbox;
    this.streams = streams;
    this.client =
        vertx.createHttpClient(
            new HttpClientOptions().setDefaultHost(host).setDefaultPort(port).setKeepAlive(true),
            new PoolOptions().setHttp1MaxSize(Math.max(1, streams)));
  }

  void start() {
    for (int i = 0; i < streams; i++) {
      connect();
    }
  }

  void stop() {
    stopping = true;
    client.close();
  }

  /**
   * {@code sse_open=.. sse_events=.. sse_mib=.. sse_drops=.. sse_connect_failures=..}: streams open
   * now, and what happened since the last call.
   */
  String windowFields() {
    return String.format(
        Locale.ROOT,
        "sse_open=%d sse_events=%d sse_mib=%.1f sse_drops=%d sse_connect_failures=%d",
        open.get(),
        events.getAndSet(0),
        bytes.getAndSet(0) / 1048576.0,
        drops.getAndSet(0),
        connectFailures.getAndSet(0));
  }

  private void connect() {
    if (stopping) {
      return;
    }
    client
        .request(
            new RequestOptions()
                .setMethod(HttpMethod.GET)
                .setURI(uri)
                .putHeader("Accept", "text/event-stream")
                .setIdleTimeout(IDLE_TIMEOUT_MS))
        .compose(req -> req.send())
        .onSuccess(this::follow)
        .onFailure(
            e -> {
              connectFailures.incrementAndGet();
              retry();
            });
  }

  private void follow(HttpClientResponse res) {
    if (res.statusCode() != 200) {
      connectFailures.incrementAndGet();
      res.body().onComplete(ar -> retry());
      return;
    }
    open.incrementAndGet();
    AtomicBoolean closed = new AtomicBoolean();
    int[] matched = {1}; // the stream starts as if after a newline
    res.handler(
        chunk -> {
          bytes.addAndGet(chunk.length());
          events.addAndGet(countEvents(chunk, matched));
        });
    Runnable dropped =
        () -> {
          if (closed.compareAndSet(false, true)) {
            open.decrementAndGet();
            if (!stopping) {
              drops.incrementAndGet();
              retry();
            }
          }
        };
    res.endHandler(v -> dropped.run());
    res.exceptionHandler(e -> dropped.run());
  }

  private void retry() {
    if (!stopping) {
      vertx.setTimer(RETRY_MS, t -> connect());
    }
  }

  /** Counts the lines that start with {@code data:} (one per event), across chunk boundaries. */
  private static int countEvents(Buffer chunk, int[] matched) {
    int n = 0;
    int m = matched[0];
    for (int i = 0, len = chunk.length(); i < len; i++) {
      byte b = chunk.getByte(i);
      if (b == EVENT_START[m]) {
        if (++m == EVENT_START.length) {
          n++;
          m = 0;
        }
      } else {
        m = b == '\n' ? 1 : 0;
      }
    }
    matched[0] = m;
    return n;
  }
}

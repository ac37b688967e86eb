package org.yizhan.alert.notify;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTP receiver on a free local port for the notifier's tests. It answers from a script
 * (then 200 with {@code {"errcode":0}}), can hold answers back, and keeps every request it got.
 */
final class WebhookReceiver implements AutoCloseable {

  /** One request as received. */
  record Hit(long atNanos, String path, String query, MultiMap headers, String body) {

    long alertId() {
      JsonObject json = new JsonObject(body);
      return json.containsKey("alert")
          ? json.getJsonObject("alert").getLong("id")
          : Long.parseLong(
              json.getJsonObject("markdown")
                  .getString(
                      json.getJsonObject("markdown").containsKey("content") ? "content" : "text")
                  .replaceAll("(?s).*告警编号：(\\d+).*", "$1"));
    }
  }

  /** A scripted answer; {@code hold} keeps the request waiting until {@link #release()}. */
  record Answer(int status, String body, Map<String, String> headers, boolean hold) {

    static Answer of(int status) {
      return new Answer(status, "", Map.of(), false);
    }

    static Answer json(String body) {
      return new Answer(200, body, Map.of("Content-Type", "application/json"), false);
    }

    static Answer held() {
      return new Answer(200, "{\"errcode\":0}", Map.of(), true);
    }
  }

  final LinkedBlockingQueue<Hit> hits = new LinkedBlockingQueue<>();
  private final Deque<Answer> script = new ArrayDeque<>();
  private final List<HttpServerResponse> held = new ArrayList<>();
  private final HttpServer server;

  private WebhookReceiver(Vertx vertx) {
    this.server = vertx.createHttpServer().requestHandler(this::handle);
  }

  static WebhookReceiver start(Vertx vertx, Answer... answers) throws Exception {
    WebhookReceiver r = new WebhookReceiver(vertx);
    r.script.addAll(List.of(answers));
    r.server
        .listen(0, "127.0.0.1")
        .toCompletionStage()
        .toCompletableFuture()
        .get(5, TimeUnit.SECONDS);
    return r;
  }

  URI url(String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + server.actualPort() + pathAndQuery);
  }

  synchronized void then(Answer... answers) {
    script.addAll(List.of(answers));
  }

  /** Answers every held request with 200 {@code {"errcode":0}}. */
  synchronized void release() {
    held.forEach(r -> r.setStatusCode(200).end("{\"errcode\":0}"));
    held.clear();
  }

  /** The next request, waiting up to 5 s. */
  Hit next() throws InterruptedException {
    Hit h = hits.poll(5, TimeUnit.SECONDS);
    if (h == null) {
      throw new AssertionError("no request arrived within 5 s");
    }
    return h;
  }

  private void handle(HttpServerRequest req) {
    long at = System.nanoTime();
    req.body()
        .onSuccess(
            b -> {
              Answer a;
              synchronized (this) {
                a =
                    script.isEmpty()
                        ? Answer.json("{\"errcode\":0,\"errmsg\":\"ok\"}")
                        : script.poll();
                if (a.hold()) {
                  held.add(req.response()); // before the hit is visible, so release() finds it
                }
              }
              hits.add(new Hit(at, req.path(), req.query(), req.headers(), b.toString()));
              if (!a.hold()) {
                HttpServerResponse resp = req.response().setStatusCode(a.status());
                a.headers().forEach(resp::putHeader);
                resp.end(a.body());
              }
            });
  }

  @Override
  public void close() {
    server.close().toCompletionStage().toCompletableFuture().orTimeout(5, TimeUnit.SECONDS).join();
  }
}

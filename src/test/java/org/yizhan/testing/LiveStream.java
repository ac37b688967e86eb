package org.yizhan.testing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real subscriber of {@code GET /api/v1/live} (Server-Sent Events): keeps every station update
 * the server streamed, in order, and lets a test wait for the next one of a station.
 */
public final class LiveStream implements AutoCloseable {

  private static final long WAIT_S = 10;

  private final HttpResponse<InputStream> response;
  private final BlockingQueue<JsonObject> pending = new LinkedBlockingQueue<>();
  private final List<JsonObject> seen = new CopyOnWriteArrayList<>();
  private final CountDownLatch opened = new CountDownLatch(1);

  private LiveStream(HttpResponse<InputStream> response) {
    this.response = response;
  }

  /** Subscribes for a box ({@code minLon,minLat,maxLon,maxLat}) and waits until it is open. */
  public static LiveStream open(int port, String bbox) throws IOException, InterruptedException {
    HttpResponse<InputStream> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/v1/live?bbox=" + bbox))
                    .build(),
                HttpResponse.BodyHandlers.ofInputStream());
    if (r.statusCode() != 200) {
      throw new AssertionError("live stream refused: " + r.statusCode());
    }
    LiveStream stream = new LiveStream(r);
    Thread reader = new Thread(stream::read, "live-stream-" + port);
    reader.setDaemon(true);
    reader.start();
    if (!stream.opened.await(WAIT_S, TimeUnit.SECONDS)) {
      stream.close();
      throw new AssertionError("the live stream sent nothing within " + WAIT_S + " s");
    }
    return stream;
  }

  private void read() {
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        opened.countDown();
        if (line.startsWith("data:")) {
          JsonArray stations = new JsonObject(line.substring(5).trim()).getJsonArray("stations");
          for (int i = 0; i < stations.size(); i++) {
            JsonObject update = stations.getJsonObject(i);
            seen.add(update);
            pending.add(update);
          }
        }
      }
    } catch (IOException e) {
      if (opened.getCount() > 0) {
        throw new UncheckedIOException(e);
      }
      // closed by the test
    }
  }

  /**
   * The next streamed update of a station ({@code {"id":...,"live":{...}}}), skipping other
   * stations'; fails the test if none comes within 10 s.
   */
  public JsonObject next(String stationId) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_S);
    while (true) {
      JsonObject update = pending.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (update == null) {
        throw new AssertionError("no live update of " + stationId + " within " + WAIT_S + " s");
      }
      if (stationId.equals(update.getString("id"))) {
        return update;
      }
    }
  }

  /** Every update streamed so far, oldest first. */
  public List<JsonObject> seen() {
    return List.copyOf(seen);
  }

  @Override
  public void close() throws IOException {
    response.body().close();
  }
}

package org.yizhan.api;

import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.yizhan.history.Bucket;
import org.yizhan.history.OccupancyProfile;
import org.yizhan.history.ReadingHistory;
import org.yizhan.live.LiveHub;
import org.yizhan.station.BoundingBox;
import org.yizhan.station.Station;
import org.yizhan.station.StationRegistry;

/** Live values pushed as Server-Sent Events, and stored history of a station. */
final class LiveRoutes {

  private static final Set<String> LIVE_PARAMS = Set.of("bbox");
  private static final Set<String> HISTORY_PARAMS = Set.of("from", "to", "bucket");
  private static final long HEARTBEAT_MS = 15_000;

  private final StationRegistry stations;
  private final LiveHub hub;
  private final ReadingHistory history;
  private final WorkerExecutor db;

  LiveRoutes(StationRegistry stations, LiveHub hub, ReadingHistory history, WorkerExecutor db) {
    this.stations = stations;
    this.hub = hub;
    this.history = history;
    this.db = db;
  }

  void mount(Router router) {
    router.get("/api/v1/live").handler(this::live);
    router.get("/api/v1/stations/:id/readings").handler(this::history);
    router.get("/api/v1/stations/:id/occupancy-profile").handler(this::profile);
  }

  /** Today's hourly occupancy next to the typical one for this weekday (see OccupancyProfile). */
  private void profile(RoutingContext ctx) {
    Params.of(ctx.queryParams(), Set.of());
    String id = ctx.pathParam("id");
    Station s =
        stations
            .snapshot()
            .find(id)
            .filter(Station::isListed)
            .orElseThrow(() -> ProblemException.notFound("station", id));
    Instant now = Instant.now();
    LocalDate today = OccupancyProfile.today(now);
    Blocking.run(
            db,
            ctx,
            () ->
                OccupancyProfile.of(
                    id,
                    s.capacity(),
                    today,
                    history.hourlyOccupancy(id, OccupancyProfile.since(today), now)))
        .onSuccess(
            json ->
                ctx.response()
                    .putHeader("Content-Type", "application/json")
                    .putHeader("Cache-Control", "no-cache")
                    .end(json.encode()));
  }

  private void live(RoutingContext ctx) {
    Params p = Params.of(ctx.queryParams(), LIVE_PARAMS);
    BoundingBox box = StationRoutes.bbox(p.single("bbox"));
    HttpServerResponse res = ctx.response();
    res.setChunked(true)
        .putHeader("Content-Type", "text/event-stream; charset=utf-8")
        .putHeader("Cache-Control", "no-cache")
        .putHeader("X-Accel-Buffering", "no");
    res.write("retry: 3000\n\n");
    Vertx vertx = ctx.vertx();
    Runnable unsubscribe =
        hub.subscribe(box, vertx.getOrCreateContext(), updates -> send(res, updates));
    long heartbeat =
        vertx.setPeriodic(
            HEARTBEAT_MS,
            id -> {
              if (!res.closed()) {
                res.write(": keep-alive\n\n");
              }
            });
    res.closeHandler(
        v -> {
          unsubscribe.run();
          vertx.cancelTimer(heartbeat);
        });
  }

  private static void send(HttpServerResponse res, List<LiveHub.Update> updates) {
    if (res.closed() || res.writeQueueFull()) {
      return; // a slow client misses intermediate states; the next update carries the latest
    }
    StringBuilder sb = new StringBuilder(64 + updates.size() * 300);
    sb.append("event: live\ndata: {\"time\":\"").append(Instant.now()).append("\",\"stations\":[");
    for (int i = 0; i < updates.size(); i++) {
      sb.append(i == 0 ? "" : ",").append(updates.get(i).json());
    }
    res.write(sb.append("]}\n\n").toString());
  }

  private void history(RoutingContext ctx) {
    Params p = Params.of(ctx.queryParams(), HISTORY_PARAMS);
    String id = ctx.pathParam("id");
    if (stations.snapshot().find(id).isEmpty()) {
      throw ProblemException.notFound("station", id);
    }
    Bucket bucket =
        p.single("bucket") == null
            ? Bucket.RAW
            : Bucket.findByCode(p.single("bucket"))
                .orElseThrow(
                    () -> ProblemException.invalid("bucket", "must be raw, 15m, 1h or 1d"));
    Instant to =
        p.optionalInstant("to", Instant.now(), ReadingHistory.EARLIEST, ReadingHistory.LATEST);
    Instant from =
        p.optionalInstant(
            "from", to.minus(Duration.ofDays(1)), ReadingHistory.EARLIEST, ReadingHistory.LATEST);
    if (!from.isBefore(to)) {
      throw ProblemException.invalid("from", "must be before to");
    }
    if (Duration.between(from, to).compareTo(bucket.maxRange()) > 0) {
      throw ProblemException.invalid(
          "from", "range too long for bucket " + bucket.code() + ", at most " + bucket.maxRange());
    }
    Blocking.run(db, ctx, () -> history.query(id, from, to, bucket))
        .onSuccess(
            json ->
                ctx.response().putHeader("Content-Type", "application/json").end(json.encode()));
  }
}

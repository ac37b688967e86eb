package org.yizhan.api.ogc;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import org.yizhan.api.ProblemException;
import org.yizhan.live.LiveModule;
import org.yizhan.station.BoundingBox;
import org.yizhan.station.StationRegistry;

/**
 * The OGC API - Features routes under {@code /ogc}. A collection that is not public is neither
 * listed nor readable without the access it needs; its scope (which stations) is the caller's, as
 * in the admin API. Memory reads answer on the event loop, blocking ones on the worker pool.
 */
public final class OgcRoutes {

  private static final String COLLECTION = "ogc.collection";
  private static final Set<String> NO_PARAMS = Set.of();

  private final List<OgcCollection> collections;
  private final OgcGate gate;
  private final WorkerExecutor db;

  OgcRoutes(List<OgcCollection> collections, OgcGate gate, WorkerExecutor db) {
    this.collections = List.copyOf(collections);
    this.gate = gate;
    this.db = db;
  }

  /**
   * The stations and device health collections.
   *
   * @param healthMap the admin API's health map: stations with devices in a box, within a scope
   */
  public static OgcRoutes of(
      StationRegistry stations,
      LiveModule live,
      BiFunction<BoundingBox, Predicate<String>, JsonObject> healthMap,
      OgcGate gate,
      WorkerExecutor db) {
    return new OgcRoutes(
        List.of(
            new StationsCollection(stations, live.state(), live.freshness()),
            new DeviceHealthCollection(healthMap)),
        gate,
        db);
  }

  public void mount(Router router) {
    router.get("/ogc").handler(this::landing);
    router.get("/ogc/").handler(this::landing);
    router.get("/ogc/conformance").handler(this::conformance);
    router.get("/ogc/api").handler(gate.identify()).handler(this::api);
    router.get("/ogc/collections").handler(gate.identify()).handler(this::collections);
    router.get("/ogc/collections/:collectionId").handler(this::guard).handler(this::collection);
    router.get("/ogc/collections/:collectionId/items").handler(this::guard).handler(this::items);
    router
        .get("/ogc/collections/:collectionId/items/:featureId")
        .handler(this::guard)
        .handler(this::feature);
  }

  private void landing(RoutingContext ctx) {
    OgcRequest r = OgcRequest.of(ctx, NO_PARAMS);
    JsonObject doc = OgcDocuments.landing(r);
    answer(ctx, r, OgcDocuments.JSON, doc, () -> OgcHtml.landing(doc));
  }

  private void conformance(RoutingContext ctx) {
    OgcRequest r = OgcRequest.of(ctx, NO_PARAMS);
    JsonObject doc = OgcDocuments.conformance(r);
    answer(ctx, r, OgcDocuments.JSON, doc, () -> OgcHtml.conformance(doc));
  }

  private void api(RoutingContext ctx) {
    OgcRequest r = OgcRequest.of(ctx, NO_PARAMS);
    JsonObject doc = OgcOpenApi.document(r, visible(ctx));
    answer(ctx, r, OgcDocuments.OPENAPI, doc, () -> OgcHtml.api(doc));
  }

  private void collections(RoutingContext ctx) {
    OgcRequest r = OgcRequest.of(ctx, NO_PARAMS);
    JsonObject doc = OgcDocuments.collections(r, visible(ctx));
    answer(ctx, r, OgcDocuments.JSON, doc, () -> OgcHtml.collections(doc));
  }

  private void collection(RoutingContext ctx) {
    OgcRequest r = OgcRequest.of(ctx, NO_PARAMS);
    JsonObject doc = OgcDocuments.collection(r, ctx.get(COLLECTION), true);
    answer(ctx, r, OgcDocuments.JSON, doc, () -> OgcHtml.collection(doc));
  }

  private void items(RoutingContext ctx) {
    OgcCollection c = ctx.get(COLLECTION);
    OgcRequest r = OgcRequest.of(ctx, ItemsQuery.PARAMS);
    ItemsQuery q = ItemsQuery.of(r);
    Predicate<String> scope = scope(ctx, c);
    Instant now = Instant.now();
    read(ctx, c, () -> c.items(q.box(), q.offset(), q.limit(), scope, now))
        .onSuccess(
            page -> {
              JsonArray links = ItemsAnswer.links(r, c, q, page);
              if (r.html()) {
                JsonArray features = new JsonArray();
                page.features().forEach(f -> features.add(new JsonObject(f)));
                html(ctx, OgcHtml.items(c, features, page.matched(), links, c.properties()));
              } else {
                crs(ctx)
                    .putHeader("Content-Type", OgcDocuments.GEOJSON)
                    .end(ItemsAnswer.geojson(page, links, now));
              }
            });
  }

  private void feature(RoutingContext ctx) {
    OgcCollection c = ctx.get(COLLECTION);
    OgcRequest r = OgcRequest.of(ctx, Set.of("crs"));
    ItemsQuery.crsOnly(r);
    String id = ctx.pathParam("featureId");
    Predicate<String> scope = scope(ctx, c);
    Instant now = Instant.now();
    read(ctx, c, () -> c.feature(id, scope, now))
        .onSuccess(
            found -> {
              if (found.isEmpty()) {
                ctx.fail(ProblemException.notFound(c.id() + " feature", clip(id)));
                return;
              }
              String f = found.get();
              if (r.html()) {
                html(ctx, OgcHtml.feature(c, new JsonObject(f), c.properties()));
                return;
              }
              String base = "/ogc/collections/" + c.id();
              JsonObject doc = new JsonObject(f);
              doc.put(
                  "links",
                  new JsonArray()
                      .add(
                          OgcDocuments.link(
                              r.href(base + "/items/" + id + "?f=json"),
                              "self",
                              OgcDocuments.GEOJSON,
                              "this feature"))
                      .add(
                          OgcDocuments.link(
                              r.href(base + "/items/" + id + "?f=html"),
                              "alternate",
                              OgcDocuments.HTML,
                              "this feature as HTML"))
                      .add(
                          OgcDocuments.link(
                              r.href(base), "collection", OgcDocuments.JSON, c.title())));
              crs(ctx).putHeader("Content-Type", OgcDocuments.GEOJSON).end(doc.encode());
            });
  }

  /** Finds the path's collection, and lets through only callers with the access it needs. */
  private void guard(RoutingContext ctx) {
    String id = ctx.pathParam("collectionId");
    OgcCollection c =
        collections.stream()
            .filter(x -> x.id().equals(id))
            .findFirst()
            .orElseThrow(() -> ProblemException.notFound("collection", clip(id)));
    ctx.put(COLLECTION, c);
    if (c.access() == OgcCollection.Access.PUBLIC) {
      ctx.next();
    } else {
      gate.require(c.access()).handle(ctx);
    }
  }

  private List<OgcCollection> visible(RoutingContext ctx) {
    List<OgcCollection> out = new ArrayList<>();
    for (OgcCollection c : collections) {
      if (c.access() == OgcCollection.Access.PUBLIC || gate.allows(ctx, c.access())) {
        out.add(c);
      }
    }
    return out;
  }

  private Predicate<String> scope(RoutingContext ctx, OgcCollection c) {
    return c.access() == OgcCollection.Access.PUBLIC ? null : gate.stationScope(ctx);
  }

  /** Reads a collection where it should be read; a failure goes to the failure handler. */
  private <T> Future<T> read(RoutingContext ctx, OgcCollection c, Callable<T> work) {
    if (c.blocking()) {
      return db.<T>executeBlocking(work, false).onFailure(ctx::fail);
    }
    try {
      return Future.succeededFuture(work.call());
    } catch (Exception e) {
      ctx.fail(e);
      return Future.failedFuture(e);
    }
  }

  private static io.vertx.core.http.HttpServerResponse crs(RoutingContext ctx) {
    return ctx.response()
        .putHeader("Content-Crs", OgcCrs.header())
        .putHeader("Cache-Control", "no-cache");
  }

  private static void answer(
      RoutingContext ctx,
      OgcRequest r,
      String jsonType,
      JsonObject doc,
      java.util.function.Supplier<String> html) {
    if (r.html()) {
      html(ctx, html.get());
    } else {
      ctx.response()
          .putHeader("Content-Type", jsonType)
          .putHeader("Cache-Control", "no-cache")
          .end(doc.encode());
    }
  }

  private static void html(RoutingContext ctx, String page) {
    ctx.response()
        .putHeader("Content-Type", "text/html; charset=utf-8")
        .putHeader("Cache-Control", "no-cache")
        .end(page);
  }

  private static String clip(String s) {
    return OgcRequest.clip(s);
  }
}

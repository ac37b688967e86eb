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
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import org.yizhan.api.ProblemException;
import org.yizhan.live.LiveModule;
import org.yizhan.planning.PlanningService;
import org.yizhan.station.BoundingBox;
import org.yizhan.station.StationRegistry;

/**
 * The OGC API - Features routes under {@code /ogc}. A collection that is not public is neither
 * listed nor readable without the access it needs; its scope (which stations) is the caller's, as
 * in the admin API. Memory reads answer on the event loop, blocking ones on the worker pool.
 */
public final class OgcRoutes {

  private static final String COLLECTION = "ogc.collection";
  private static final String SOURCE = "ogc.source";
  private static final Set<String> NO_PARAMS = Set.of();

  private final List<OgcCollection> collections;
  private final List<OgcSource> sources;
  private final OgcGate gate;
  private final WorkerExecutor db;

  /**
   * @param collections the collections that are always there
   * @param sources the collections that come and go, asked on each request
   */
  OgcRoutes(
      List<OgcCollection> collections, List<OgcSource> sources, OgcGate gate, WorkerExecutor db) {
    this.collections = List.copyOf(collections);
    this.sources = List.copyOf(sources);
    this.gate = gate;
    this.db = db;
  }

  /**
   * The stations and device health collections, and the planning sets and scenarios.
   *
   * @param healthMap the admin API's health map: stations with devices in a box, within a scope
   */
  public static OgcRoutes of(
      StationRegistry stations,
      LiveModule live,
      BiFunction<BoundingBox, Predicate<String>, JsonObject> healthMap,
      PlanningService planning,
      OgcGate gate,
      WorkerExecutor db) {
    return new OgcRoutes(
        List.of(
            new StationsCollection(stations, live.state(), live.freshness()),
            new DeviceHealthCollection(healthMap)),
        List.of(new PlanningSource(planning)),
        gate,
        db);
  }

  public void mount(Router router) {
    router.get("/ogc").handler(this::landing);
    router.get("/ogc/").handler(this::landing);
    router.get("/ogc/conformance").handler(this::conformance);
    router.get("/ogc/api").handler(gate.identify()).handler(this::api);
    router.get("/ogc/collections").handler(gate.identify()).handler(this::collections);
    router
        .get("/ogc/collections/:collectionId")
        .handler(this::guard)
        .handler(this::resolve)
        .handler(this::collection);
    router
        .get("/ogc/collections/:collectionId/items")
        .handler(this::guard)
        .handler(this::resolve)
        .handler(this::items);
    router
        .get("/ogc/collections/:collectionId/items/:featureId")
        .handler(this::guard)
        .handler(this::resolve)
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
    visible(ctx)
        .onSuccess(
            all -> {
              JsonObject doc = OgcOpenApi.document(r, all);
              answer(ctx, r, OgcDocuments.OPENAPI, doc, () -> OgcHtml.api(doc));
            });
  }

  private void collections(RoutingContext ctx) {
    OgcRequest r = OgcRequest.of(ctx, NO_PARAMS);
    visible(ctx)
        .onSuccess(
            all -> {
              JsonObject doc = OgcDocuments.collections(r, all);
              answer(ctx, r, OgcDocuments.JSON, doc, () -> OgcHtml.collections(doc));
            });
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
              String base = OgcCollection.path(c.id());
              String me = base + "/items/" + OgcRequest.segment(id);
              JsonObject doc = new JsonObject(f);
              doc.put(
                  "links",
                  new JsonArray()
                      .add(
                          OgcDocuments.link(
                              r.href(me + "?f=json"), "self", OgcDocuments.GEOJSON, "this feature"))
                      .add(
                          OgcDocuments.link(
                              r.href(me + "?f=html"),
                              "alternate",
                              OgcDocuments.HTML,
                              "this feature as HTML"))
                      .add(
                          OgcDocuments.link(
                              r.href(base), "collection", OgcDocuments.JSON, c.title())));
              crs(ctx).putHeader("Content-Type", OgcDocuments.GEOJSON).end(doc.encode());
            });
  }

  /**
   * Finds the path's collection among the fixed ones, or the source whose form its id has, and lets
   * through only callers with the access it needs; an id of neither is not found.
   */
  private void guard(RoutingContext ctx) {
    String id = ctx.pathParam("collectionId");
    OgcCollection.Access access;
    OgcCollection c = collections.stream().filter(x -> x.id().equals(id)).findFirst().orElse(null);
    if (c != null) {
      ctx.put(COLLECTION, c);
      access = c.access();
    } else {
      OgcSource s =
          sources.stream()
              .filter(x -> x.claims(id))
              .findFirst()
              .orElseThrow(() -> ProblemException.notFound("collection", clip(id)));
      ctx.put(SOURCE, s);
      access = s.access();
    }
    if (access == OgcCollection.Access.PUBLIC) {
      ctx.next();
    } else {
      gate.require(access).handle(ctx);
    }
  }

  /** After {@link #guard}: asks the source for a collection that comes and goes. */
  private void resolve(RoutingContext ctx) {
    OgcSource s = ctx.get(SOURCE);
    if (s == null) {
      ctx.next();
      return;
    }
    String id = ctx.pathParam("collectionId");
    db.<Optional<OgcCollection>>executeBlocking(() -> s.find(id), false)
        .onFailure(ctx::fail)
        .onSuccess(
            found -> {
              if (found.isEmpty()) {
                ctx.fail(ProblemException.notFound("collection", clip(id)));
              } else {
                ctx.put(COLLECTION, found.get());
                ctx.next();
              }
            });
  }

  /** The collections the caller may see: the fixed ones, then each source's it has access to. */
  private Future<List<OgcCollection>> visible(RoutingContext ctx) {
    List<OgcCollection> out = new ArrayList<>();
    for (OgcCollection c : collections) {
      if (c.access() == OgcCollection.Access.PUBLIC || gate.allows(ctx, c.access())) {
        out.add(c);
      }
    }
    List<OgcSource> asked = new ArrayList<>();
    for (OgcSource s : sources) {
      if (s.access() == OgcCollection.Access.PUBLIC || gate.allows(ctx, s.access())) {
        asked.add(s);
      }
    }
    if (asked.isEmpty()) {
      return Future.succeededFuture(out);
    }
    return db.<List<OgcCollection>>executeBlocking(
            () -> {
              for (OgcSource s : asked) {
                out.addAll(s.list());
              }
              return out;
            },
            false)
        .onFailure(ctx::fail);
  }

  private Predicate<String> scope(RoutingContext ctx, OgcCollection c) {
    return c.access() == OgcCollection.Access.ADMIN ? gate.stationScope(ctx) : null;
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

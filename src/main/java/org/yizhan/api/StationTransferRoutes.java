package org.yizhan.api;

import io.vertx.core.Handler;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.yizhan.account.Role;
import org.yizhan.station.Station;
import org.yizhan.station.StationCsv;
import org.yizhan.station.StationGeoJson;
import org.yizhan.station.StationImport;
import org.yizhan.station.StationRegistry;

/**
 * Whole-network import and export as GeoJSON or CSV. An import is parsed and stored in one
 * transaction on the worker pool; an export is written from the snapshot, limited to an admin's
 * scope.
 */
final class StationTransferRoutes {

  private static final Set<String> FORMAT_PARAMS = Set.of("format");
  private static final Set<String> EXPORT_PARAMS = Set.of("format", CsvBom.PARAM);

  private final StationRegistry registry;
  private final WorkerExecutor db;
  private final AdminAuth admin;
  private final Audit audit;
  private final Handler<RoutingContext> importBody;

  /**
   * @param importBody reads the import's large body; it runs after authentication
   */
  StationTransferRoutes(
      StationRegistry registry,
      WorkerExecutor db,
      AdminAuth admin,
      Audit audit,
      Handler<RoutingContext> importBody) {
    this.registry = registry;
    this.db = db;
    this.admin = admin;
    this.audit = audit;
    this.importBody = importBody;
  }

  void mount(Router router) {
    router
        .get("/api/v1/stations/export")
        .handler(admin.require(AdminAuth.Access.READ))
        .handler(this::export);
    router
        .post(RequestBodies.IMPORT_PATH)
        .handler(admin.require(AdminAuth.Access.SUPER))
        .handler(importBody)
        .handler(this::importFile);
  }

  private void importFile(RoutingContext ctx) {
    Params p = Params.of(ctx.queryParams(), FORMAT_PARAMS);
    StationImport.Format format =
        importFormat(p.single("format"), ctx.request().getHeader("Content-Type"));
    Buffer body = ctx.body().buffer();
    Audit.Recorder who = audit.by(ctx);
    Blocking.run(
            db,
            ctx,
            () -> {
              // Decoding and parsing up to the import limit happen here, off the event loop.
              String text = body == null ? "" : body.toString(StandardCharsets.UTF_8);
              List<Station> stations = StationImport.parse(format, text);
              StationRegistry.ImportReport r = registry.importAll(stations);
              who.record(
                  "station.import",
                  "station",
                  null,
                  null,
                  null,
                  new JsonObject()
                      .put("format", format.name().toLowerCase(Locale.ROOT))
                      .put("created", r.created())
                      .put("updated", r.updated())
                      .put(
                          "ids",
                          new JsonArray(stations.stream().map(Station::id).limit(1000).toList())));
              return r;
            })
        .onSuccess(
            r ->
                ctx.response()
                    .putHeader("Content-Type", "application/json")
                    .end(
                        new JsonObject()
                            .put("imported", r.created() + r.updated())
                            .put("created", r.created())
                            .put("updated", r.updated())
                            .encode()));
  }

  private void export(RoutingContext ctx) {
    Params p = Params.of(ctx.queryParams(), EXPORT_PARAMS);
    boolean bom = p.optionalBoolean(CsvBom.PARAM, false);
    String format = p.single("format") == null ? "geojson" : p.single("format");
    var principal = AdminAuth.principal(ctx);
    List<Station> all = registry.snapshot().list();
    if (principal.role() == Role.STATION_ADMIN) {
      all = all.stream().filter(principal::covers).toList();
    }
    switch (format) {
      case "geojson" -> {
        Buffer b = Buffer.buffer(all.size() * 600 + 64);
        b.appendString("{\"type\":\"FeatureCollection\",\"features\":[");
        for (int i = 0; i < all.size(); i++) {
          b.appendString(i == 0 ? "" : ",").appendString(StationGeoJson.feature(all.get(i)));
        }
        ctx.response()
            .putHeader("Content-Type", StationRoutes.GEOJSON)
            .putHeader("Content-Disposition", "attachment; filename=\"stations.geojson\"")
            .end(b.appendString("]}"));
      }
      case "csv" -> {
        StringBuilder sb = new StringBuilder(all.size() * 300);
        try {
          StationCsv.write(sb, all);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        ctx.response()
            .putHeader("Content-Type", "text/csv; charset=utf-8")
            .putHeader("Content-Disposition", "attachment; filename=\"stations.csv\"")
            .end(CsvBom.of(bom, Buffer.buffer(sb.toString())));
      }
      default -> throw ProblemException.invalid("format", "must be geojson or csv");
    }
  }

  private static StationImport.Format importFormat(String param, String contentType) {
    return UploadFormat.of(param, contentType) == UploadFormat.CSV
        ? StationImport.Format.CSV
        : StationImport.Format.GEOJSON;
  }
}

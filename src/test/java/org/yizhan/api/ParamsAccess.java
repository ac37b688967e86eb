package org.yizhan.api;

import io.vertx.core.MultiMap;
import java.util.List;
import java.util.Set;
import org.yizhan.station.BoundingBox;

/**
 * Opens the package-private query-string parsing ({@link Params}, {@link StationRoutes#bbox}) to
 * the fuzz tests of {@code org.yizhan.fuzz}; each method only delegates.
 */
public final class ParamsAccess {

  private final Params params;

  private ParamsAccess(Params params) {
    this.params = params;
  }

  public static ParamsAccess of(MultiMap query, Set<String> allowed) {
    return new ParamsAccess(Params.of(query, allowed));
  }

  public String single(String name) {
    return params.single(name);
  }

  public List<String> multi(String name) {
    return params.multi(name);
  }

  public double requiredDouble(String name, double min, double max) {
    return params.requiredDouble(name, min, max);
  }

  public double optionalDouble(String name, double fallback, double min, double max) {
    return params.optionalDouble(name, fallback, min, max);
  }

  public int optionalInt(String name, int fallback, int min, int max) {
    return params.optionalInt(name, fallback, min, max);
  }

  public boolean optionalBoolean(String name, boolean fallback) {
    return params.optionalBoolean(name, fallback);
  }

  public static BoundingBox bbox(String raw) {
    return StationRoutes.bbox(raw);
  }
}

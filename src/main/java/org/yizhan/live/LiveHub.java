package org.yizhan.live;

import io.vertx.core.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.yizhan.station.BoundingBox;

/**
 * Fans live changes out to subscribers (browsers on Server-Sent Events), each with its own box.
 * Changes are published in small batches (every few tens of milliseconds) rather than per reading,
 * so the cost per subscriber does not grow with the ingest rate.
 */
public final class LiveHub {

  /** One station's new live values, as JSON, with its position for filtering. */
  public record Update(String stationId, double lat, double lon, String json) {}

  private record Subscriber(BoundingBox box, Context context, Consumer<List<Update>> sink) {}

  private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();

  /** Registers a subscriber; its sink runs on {@code context}. Returns how to unsubscribe. */
  public Runnable subscribe(BoundingBox box, Context context, Consumer<List<Update>> sink) {
    Subscriber s = new Subscriber(box, context, sink);
    subscribers.add(s);
    return () -> subscribers.remove(s);
  }

  /** Whether anyone watches a position. */
  @FunctionalInterface
  public interface Interest {
    boolean watches(double lat, double lon);
  }

  /** Whether any subscriber's box contains the position. */
  public boolean watches(double lat, double lon) {
    for (Subscriber s : subscribers) {
      if (s.box().contains(lat, lon)) {
        return true;
      }
    }
    return false;
  }

  public int subscriberCount() {
    return subscribers.size();
  }

  public void publish(List<Update> updates) {
    if (updates.isEmpty()) {
      return;
    }
    for (Subscriber s : subscribers) {
      List<Update> mine = new ArrayList<>();
      for (Update u : updates) {
        if (s.box().contains(u.lat(), u.lon())) {
          mine.add(u);
        }
      }
      if (!mine.isEmpty()) {
        s.context().runOnContext(v -> s.sink().accept(mine));
      }
    }
  }
}

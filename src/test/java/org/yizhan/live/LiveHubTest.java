package org.yizhan.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.yizhan.station.BoundingBox;

/** Fan-out of live changes: each subscriber gets what lies in its box, on its own context. */
@Timeout(30)
class LiveHubTest {

  private static final BoundingBox TAIYUAN = new BoundingBox(112.0, 37.0, 113.0, 38.5);
  private static final BoundingBox BEIJING = new BoundingBox(116.0, 39.5, 117.0, 40.5);
  private static final LiveHub.Update IN_TAIYUAN = new LiveHub.Update("st-t", 37.87, 112.55, "t");
  private static final LiveHub.Update IN_BEIJING = new LiveHub.Update("st-b", 39.9, 116.4, "b");

  private final Vertx vertx = Vertx.vertx();
  private final LiveHub hub = new LiveHub();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  @Test
  void eachSubscriberGetsOnlyItsBoxOnItsContext() throws InterruptedException {
    Context context = vertx.getOrCreateContext();
    BlockingQueue<List<LiveHub.Update>> taiyuan = new LinkedBlockingQueue<>();
    BlockingQueue<Context> where = new LinkedBlockingQueue<>();
    hub.subscribe(
        TAIYUAN,
        context,
        u -> {
          where.add(Vertx.currentContext());
          taiyuan.add(u);
        });
    BlockingQueue<List<LiveHub.Update>> beijing = new LinkedBlockingQueue<>();
    hub.subscribe(BEIJING, vertx.getOrCreateContext(), beijing::add);

    hub.publish(List.of(IN_TAIYUAN, IN_BEIJING));

    assertThat(taiyuan.poll(10, TimeUnit.SECONDS)).containsExactly(IN_TAIYUAN);
    assertThat(where.poll(10, TimeUnit.SECONDS)).isSameAs(context);
    assertThat(beijing.poll(10, TimeUnit.SECONDS)).containsExactly(IN_BEIJING);
  }

  @Test
  void aSubscriberWithNothingInItsBoxIsNotCalled() throws InterruptedException {
    BlockingQueue<List<LiveHub.Update>> beijing = new LinkedBlockingQueue<>();
    BlockingQueue<List<LiveHub.Update>> taiyuan = new LinkedBlockingQueue<>();
    hub.subscribe(BEIJING, vertx.getOrCreateContext(), beijing::add);
    hub.subscribe(TAIYUAN, vertx.getOrCreateContext(), taiyuan::add);

    hub.publish(List.of(IN_TAIYUAN));
    hub.publish(List.of());
    hub.publish(List.of(IN_BEIJING));

    // Deliveries on one context keep their order: Beijing's first list is the second publish's.
    assertThat(beijing.poll(10, TimeUnit.SECONDS)).containsExactly(IN_BEIJING);
    assertThat(taiyuan.poll(10, TimeUnit.SECONDS)).containsExactly(IN_TAIYUAN);
    assertThat(taiyuan.poll(200, TimeUnit.MILLISECONDS)).isNull();
  }

  @Test
  void unsubscribingStopsDeliveryAndInterest() throws InterruptedException {
    BlockingQueue<List<LiveHub.Update>> got = new LinkedBlockingQueue<>();
    Runnable unsubscribe = hub.subscribe(TAIYUAN, vertx.getOrCreateContext(), got::add);
    assertThat(hub.subscriberCount()).isEqualTo(1);
    assertThat(hub.watches(37.87, 112.55)).isTrue();
    assertThat(hub.watches(39.9, 116.4)).isFalse();

    unsubscribe.run();

    assertThat(hub.subscriberCount()).isZero();
    assertThat(hub.watches(37.87, 112.55)).isFalse();
    hub.publish(List.of(IN_TAIYUAN));
    assertThat(got.poll(200, TimeUnit.MILLISECONDS)).isNull();
  }

  @Test
  void interestIsAnyBoxContainingThePosition() {
    hub.subscribe(BEIJING, vertx.getOrCreateContext(), u -> {});
    hub.subscribe(TAIYUAN, vertx.getOrCreateContext(), u -> {});

    assertThat(hub.watches(37.87, 112.55)).isTrue();
    assertThat(hub.watches(39.9, 116.4)).isTrue();
    assertThat(hub.watches(31.2, 121.5)).isFalse();
  }
}

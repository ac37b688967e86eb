package org.yizhan.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.yizhan.live.LiveReadings.T0;
import static org.yizhan.live.LiveReadings.reading;

import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.yizhan.station.Station;
import org.yizhan.station.StationSnapshot;
import org.yizhan.station.TestStations;

/** Live values joined with the registry: free seats, rendering, and updates for watchers. */
class LiveViewTest {

  private static final Station TAIYUAN = TestStations.station("st-t", 37.87, 112.55);
  private static final Station BEIJING = TestStations.station("st-b", 39.9, 116.4);

  private final LiveState state = new LiveState();
  private final LiveView view =
      new LiveView(
          state,
          new LiveJson(new Freshness(device -> 60)),
          () -> StationSnapshot.of(List.of(TAIYUAN, BEIJING)));

  @Test
  void aCurrentCountBelowCapacityIsAFreeSeat() {
    state.apply(List.of(reading("st-t", "dev-a", 30, 9, null, null)));

    assertThat(view.hasFreeSeat(TAIYUAN, T0)).isTrue();
  }

  @Test
  void aFullStationHasNoFreeSeat() {
    state.apply(List.of(reading("st-t", "dev-a", 30, 10, null, null)));

    assertThat(view.hasFreeSeat(TAIYUAN, T0)).isFalse();
  }

  @Test
  void aStaleCountIsNoFreeSeat() {
    state.apply(List.of(reading("st-t", "dev-a", 181, 1, null, null)));

    assertThat(view.hasFreeSeat(TAIYUAN, T0)).isFalse();
    assertThat(view.hasFreeSeat(TAIYUAN, T0.minusSeconds(1))).isTrue();
  }

  @Test
  void unknownIsNotFree() {
    assertThat(view.hasFreeSeat(TAIYUAN, T0)).isFalse();
    state.apply(List.of(reading("st-t", "dev-a", 30, null, 20.0, null)));
    assertThat(view.hasFreeSeat(TAIYUAN, T0)).isFalse();
  }

  @Test
  void aStationWithoutDataHasNoLiveObject() {
    StringBuilder sb = new StringBuilder("{\"id\":\"st-t\"");

    view.appendLive(sb, TAIYUAN, T0);

    assertThat(sb.append('}').toString()).isEqualTo("{\"id\":\"st-t\",\"live\":null}");
  }

  @Test
  void temperaturesAreShownToOneDecimal() {
    state.apply(List.of(reading("st-t", "dev-a", 30, null, 21.456, null)));
    StringBuilder sb = new StringBuilder("{");

    view.appendLive(sb, TAIYUAN, T0);

    assertThat(sb.toString()).contains("\"temperature_c\":21.5,");
  }

  @Test
  void appendsTheLiveObjectAfterAComma() {
    state.apply(List.of(reading("st-t", "dev-a", 30, 4, null, null)));
    StringBuilder sb = new StringBuilder("{\"id\":\"st-t\"");

    view.appendLive(sb, TAIYUAN, T0);

    JsonObject live = new JsonObject(sb.append('}').toString()).getJsonObject("live");
    assertThat(live.getInteger("free_seats")).isEqualTo(6);
  }

  @Test
  void updatesCoverOnlyChangedStationsSomeoneWatches() {
    state.apply(
        List.of(
            reading("st-t", "dev-a", 30, 4, null, null),
            reading("st-b", "dev-b", 30, 2, null, null),
            reading("st-unlisted", "dev-c", 30, 2, null, null)));

    List<LiveHub.Update> updates = view.drainUpdates(T0, (lat, lon) -> lat < 39);

    assertThat(updates).hasSize(1);
    LiveHub.Update u = updates.get(0);
    assertThat(u.stationId()).isEqualTo("st-t");
    assertThat(u.lat()).isEqualTo(37.87);
    assertThat(u.lon()).isEqualTo(112.55);
    JsonObject json = new JsonObject(u.json());
    assertThat(json.getString("id")).isEqualTo("st-t");
    assertThat(json.getJsonObject("live").getInteger("occupancy")).isEqualTo(4);
    assertThat(view.drainUpdates(T0, (lat, lon) -> true)).isEmpty();
  }

  @Test
  void withNothingChangedTheRegistryIsNotConsulted() {
    int[] lookups = {0};
    LiveView counting =
        new LiveView(
            state,
            new LiveJson(new Freshness(device -> 60)),
            () -> {
              lookups[0]++;
              return StationSnapshot.of(List.of(TAIYUAN, BEIJING));
            });

    assertThat(counting.drainUpdates(T0, (lat, lon) -> true)).isEmpty();
    assertThat(lookups[0]).isZero();

    state.apply(List.of(reading("st-t", "dev-a", 30, 4, null, null)));
    assertThat(counting.drainUpdates(T0, (lat, lon) -> true)).hasSize(1);
    assertThat(lookups[0]).isEqualTo(1);
  }

  @Test
  void aCurrentTemperatureIsFound() {
    state.apply(List.of(reading("st-t", "dev-a", 30, null, 21.5, null)));

    assertThat(view.findCurrentTemperature(TAIYUAN, T0)).hasValue(21.5);
  }

  @Test
  void aStaleTemperatureIsNotFound() {
    state.apply(List.of(reading("st-t", "dev-a", 181, null, 21.5, null)));

    assertThat(view.findCurrentTemperature(TAIYUAN, T0)).isEmpty();
    assertThat(view.findCurrentTemperature(TAIYUAN, T0.minusSeconds(1))).hasValue(21.5);
  }

  @Test
  void noTemperatureIsFoundForAStationWithoutOneOrWithoutData() {
    assertThat(view.findCurrentTemperature(TAIYUAN, T0)).isEmpty();
    state.apply(List.of(reading("st-t", "dev-a", 30, 4, null, null)));
    assertThat(view.findCurrentTemperature(TAIYUAN, T0)).isEmpty();
  }
}

package org.yizhan.tools.sim;

import java.time.Instant;
import java.util.SplittableRandom;
import org.yizhan.station.hours.InvalidOpeningHoursException;
import org.yizhan.station.hours.OpenState;
import org.yizhan.station.hours.OpeningHours;

/**
 * What one combined device (people counter and climate sensor) at one station measures over time.
 * Pure behaviour, no networking: {@link #next} advances the model to a time and returns the
 * reading. Deterministic for a given seed and sequence of times.
 */
final class DeviceModel {

  /** {@code seq} counts milliseconds since 2020-01-01T00:00:00Z, so it survives restarts. */
  static final long SEQ_EPOCH_MS = 1_577_836_800_000L;

  /** The server refuses readings stamped further ahead of its clock than this. */
  static final long MAX_SKEW_MS = 300_000L;

  private static final long HOUR_MS = DailyCurve.HOUR_MS;
  private static final double STAY_S = 1_500; // people stay about 25 minutes
  private static final double OCCUPANCY_TAU_S = 600;
  private static final double CLIMATE_TAU_S = 1_800;
  private static final long STUCK_CYCLE_MS = 5 * HOUR_MS;
  private static final long STUCK_FOR_MS = 4 * HOUR_MS;

  private final StationInfo station;
  private final Fault fault;
  private final SplittableRandom rnd;
  private final OpeningHours hours;
  private final long weatherKey;
  private final double popularity;
  private final boolean mains;
  private final double drainPerDay;
  private final int rssiBase;
  private final String fw;
  private final long skewMs;
  private final long acFailsAt;
  private final long acRepairedAt;
  private final long stuckPhaseMs;

  private long lastSeq = -1;
  private long lastModelMs = Long.MIN_VALUE;
  private double battery;
  private double occupancyNoise;
  private double temperatureNoise;
  private double humidityNoise;
  private int occupancy;
  private long entries;
  private long exits;
  private boolean stuck;
  private int stuckTemperature;
  private int stuckHumidity;

  DeviceModel(StationInfo station, Fault fault, long seed, long startModelMs) {
    this.station = station;
    this.fault = fault;
    this.rnd = new SplittableRandom(Climate.mix64(seed ^ Climate.mix64(station.id().hashCode())));
    this.hours = parseHours(station.openingHours());
    this.weatherKey = Climate.mix64(seed * 31 + station.city().hashCode());
    this.popularity = 0.55 + 0.5 * rnd.nextDouble();
    this.mains = rnd.nextDouble() < 0.4;
    this.battery = 35 + 65 * rnd.nextDouble();
    this.drainPerDay = 0.3 + 1.2 * rnd.nextDouble();
    this.rssiBase = -105 + rnd.nextInt(51);
    double f = rnd.nextDouble();
    this.fw = f < 0.7 ? "1.4.2" : f < 0.9 ? "1.4.1" : "1.3.9";
    boolean beyondLimit = rnd.nextBoolean();
    this.skewMs =
        fault != Fault.CLOCK_SKEW
            ? 0
            : beyondLimit ? 330_000 + rnd.nextInt(270_000) : 120_000 + rnd.nextInt(120_000);
    // About 4 % of stations have an AC that fails during the run (a quarter already failed).
    if (rnd.nextDouble() < 0.04) {
      this.acFailsAt =
          rnd.nextDouble() < 0.25
              ? startModelMs - (long) (rnd.nextDouble() * 3 * HOUR_MS)
              : startModelMs + (long) (rnd.nextDouble() * 6 * HOUR_MS);
      this.acRepairedAt = acFailsAt + (long) ((4 + 8 * rnd.nextDouble()) * HOUR_MS);
    } else {
      this.acFailsAt = Long.MAX_VALUE;
      this.acRepairedAt = Long.MAX_VALUE;
    }
    this.stuckPhaseMs = (long) (rnd.nextDouble() * STUCK_CYCLE_MS);
    this.entries = 1_000 + rnd.nextInt(50_000);
  }

  Fault fault() {
    return fault;
  }

  String fw() {
    return fw;
  }

  StationInfo station() {
    return station;
  }

  long lastSeq() {
    return lastSeq;
  }

  /** Whether the station's AC is broken at a model time. */
  boolean acFailedAt(long modelMs) {
    return modelMs >= acFailsAt && modelMs < acRepairedAt;
  }

  /** Whether the station is open at a model time (unknown hours count as open). */
  boolean openAt(long modelMs) {
    return hours == null || hours.stateAt(Instant.ofEpochMilli(modelMs)) != OpenState.CLOSED;
  }

  /**
   * Advances to {@code wallMs} (which stamps the reading) and {@code modelMs} (which drives the
   * behaviour) and returns the reading the device takes there.
   */
  SimReading next(long wallMs, long modelMs) {
    double dtS = lastModelMs == Long.MIN_VALUE ? 0 : Math.max(0, modelMs - lastModelMs) / 1000.0;
    boolean first = lastModelMs == Long.MIN_VALUE;
    lastModelMs = Math.max(lastModelMs, modelMs);
    int capacity = station.capacity();

    double outdoor = Climate.outdoorC(modelMs, station.lat(), weatherKey);
    occupancyNoise = ou(occupancyNoise, dtS, OCCUPANCY_TAU_S, 0.08 * capacity + 0.4);
    int occ = 0;
    if (openAt(modelMs)) {
      boolean night = station.busyAtNight();
      double share =
          DailyCurve.share(DailyCurve.localHour(modelMs), night)
              * popularity
              * DailyCurve.weatherFactor(outdoor)
              * DailyCurve.dayFactor(DailyCurve.localDayOfWeek(modelMs), night);
      double target = capacity * Math.min(1.0, share);
      occ = (int) Math.max(0, Math.min(capacity, Math.round(target + occupancyNoise)));
    }
    if (first) {
      exits = entries - occ;
    } else {
      long turnover = stochasticRound((occupancy + occ) / 2.0 * dtS / STAY_S);
      entries += Math.max(0, occ - occupancy) + turnover;
      exits += Math.max(0, occupancy - occ) + turnover;
    }
    occupancy = occ;

    double occupiedShare = occ / (double) capacity;
    double free = Climate.freeRunningC(outdoor, occupiedShare);
    double indoor =
        acFailedAt(modelMs)
            ? Climate.failedC(free, (modelMs - acFailsAt) / (double) HOUR_MS)
            : Climate.controlledC(free);
    temperatureNoise = ou(temperatureNoise, dtS, CLIMATE_TAU_S, 0.25);
    humidityNoise = ou(humidityNoise, dtS, CLIMATE_TAU_S, 1.5);
    int temperature = clamp((int) Math.round((indoor + temperatureNoise) * 10), -400, 850);
    double rh = Climate.indoorHumidityPct(Climate.outdoorHumidityPct(modelMs), free, occupiedShare);
    int humidity = clamp((int) Math.round((rh + humidityNoise) * 10), 200, 800);

    battery -= drainPerDay * dtS / 86_400;
    if (battery < 3) {
      battery = 100; // someone replaced it
    }
    int rssi = clamp(rssiBase + (int) Math.round(rnd.nextGaussian() * 2.5), -110, -50);
    long seq = Math.max(lastSeq + 1, wallMs - SEQ_EPOCH_MS);
    lastSeq = seq;
    return faulty(
        seq,
        wallMs,
        modelMs,
        occ,
        temperature,
        humidity,
        mains ? SimReading.NO_BATTERY : (int) Math.ceil(battery),
        rssi);
  }

  private SimReading faulty(
      long seq,
      long wallMs,
      long modelMs,
      int occ,
      int temperature,
      int humidity,
      int batteryPct,
      int rssi) {
    boolean invalid = false;
    boolean corrupt = false;
    switch (fault) {
      case STUCK_VALUES -> {
        boolean now = Math.floorMod(modelMs + stuckPhaseMs, STUCK_CYCLE_MS) < STUCK_FOR_MS;
        if (now && !stuck) {
          stuckTemperature = temperature;
          stuckHumidity = humidity;
        }
        stuck = now;
        if (now) {
          temperature = stuckTemperature;
          humidity = stuckHumidity;
        }
      }
      case OUT_OF_RANGE -> {
        if (rnd.nextDouble() < 0.1) {
          invalid = true;
          switch (rnd.nextInt(3)) {
            case 0 -> temperature = 1200;
            case 1 -> temperature = -600;
            default -> humidity = 1200;
          }
        }
      }
      case OVER_CAPACITY -> {
        if (rnd.nextDouble() < 0.25) {
          int capacity = station.capacity();
          occ = Math.min(1000, capacity + 1 + rnd.nextInt(Math.max(1, capacity / 4)));
        }
      }
      case CLOCK_SKEW -> invalid = skewMs > MAX_SKEW_MS;
      case MALFORMED_JSON -> corrupt = rnd.nextDouble() < 0.1;
      default -> {}
    }
    return new SimReading(
        seq,
        wallMs + skewMs,
        occ,
        entries & 0xFFFF_FFFFL,
        exits & 0xFFFF_FFFFL,
        temperature,
        humidity,
        batteryPct,
        rssi,
        fw,
        invalid,
        corrupt);
  }

  /** One step of an Ornstein-Uhlenbeck process: noise that is smooth whatever the interval. */
  private double ou(double x, double dtS, double tauS, double sigma) {
    double a = Math.exp(-dtS / tauS);
    if (dtS == 0 && x == 0) {
      return sigma * rnd.nextGaussian();
    }
    return x * a + sigma * Math.sqrt(1 - a * a) * rnd.nextGaussian();
  }

  private long stochasticRound(double mean) {
    long whole = (long) Math.floor(mean);
    return whole + (rnd.nextDouble() < mean - whole ? 1 : 0);
  }

  private static int clamp(int v, int lo, int hi) {
    return Math.max(lo, Math.min(hi, v));
  }

  private static OpeningHours parseHours(String spec) {
    if (spec == null || spec.isBlank()) {
      return null;
    }
    try {
      return OpeningHours.parse(spec);
    } catch (InvalidOpeningHoursException | RuntimeException e) {
      return null;
    }
  }
}

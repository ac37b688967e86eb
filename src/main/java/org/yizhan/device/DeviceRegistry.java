package org.yizhan.device;

import java.security.SecureRandom;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.yizhan.device.internal.DeviceRepository;
import org.yizhan.device.internal.DeviceRepository.StoredDevice;
import org.yizhan.error.ErrorCode;
import org.yizhan.error.ProblemException;

/**
 * Provisioned devices, held in memory so that authenticating a connecting device costs a map lookup
 * and one hash, with the database as the record.
 */
public final class DeviceRegistry {

  private static final char[] ID_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789".toCharArray();

  /** Hash compared when the device id is unknown, so timing does not reveal which ids exist. */
  private static final byte[] DUMMY_SALT = DeviceSecrets.newSalt();

  private static final byte[] DUMMY_HASH = DeviceSecrets.hash(DUMMY_SALT, "unknown");

  private final DeviceRepository repository;
  private final Map<String, StoredDevice> byId = new ConcurrentHashMap<>();
  private final SecureRandom random = new SecureRandom();
  private final Map<String, Long> recentMisses = new ConcurrentHashMap<>();

  private static final long MISS_MEMORY_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
  private static final int MAX_MISSES_KEPT = 10_000;

  private DeviceRegistry(DeviceRepository repository) {
    this.repository = repository;
  }

  public static DeviceRegistry load(DeviceRepository repository) throws SQLException {
    DeviceRegistry r = new DeviceRegistry(repository);
    for (StoredDevice d : repository.listAll()) {
      r.byId.put(d.device().id(), d);
    }
    return r;
  }

  /**
   * A registry of the given devices with no database behind it, for benchmarks and tests of what
   * reads it: nothing can be provisioned or changed, and no device can authenticate.
   */
  public static DeviceRegistry readOnly(java.util.Collection<Device> devices) {
    DeviceRegistry r = new DeviceRegistry(null);
    byte[] noSalt = new byte[0];
    for (Device d : devices) {
      r.byId.put(d.id(), new StoredDevice(d, noSalt, new byte[0]));
    }
    return r;
  }

  /** A device created with its one-time secret, which is not stored anywhere in clear. */
  public record Provisioned(Device device, String secret) {}

  /**
   * Creates a device for a station and returns its secret, shown once. Blocking.
   *
   * @param id a chosen id, or {@code null} to generate one
   */
  public Provisioned provision(String id, String stationId, DeviceKind kind, int intervalS)
      throws SQLException {
    String secret = DeviceSecrets.newSecret();
    byte[] salt = DeviceSecrets.newSalt();
    byte[] hash = DeviceSecrets.hash(salt, secret);
    for (int attempt = 0; attempt < 5; attempt++) {
      String deviceId = id != null ? id : newId();
      StoredDevice stored = repo().insert(deviceId, stationId, kind, salt, hash, intervalS);
      if (stored != null) {
        byId.put(deviceId, stored);
        return new Provisioned(stored.device(), secret);
      }
      if (id != null) {
        throw new ProblemException(
            ErrorCode.CONFLICT, "A device with id '" + id + "' already exists");
      }
    }
    throw new IllegalStateException("could not find a free device id");
  }

  /**
   * The enabled device whose secret matches, or empty. Costs the same whether or not the id exists.
   */
  public Optional<Device> authenticate(String deviceId, String secret) {
    StoredDevice d = deviceId == null ? null : byId.get(deviceId);
    if (d == null || secret == null) {
      DeviceSecrets.matches(DUMMY_SALT, DUMMY_HASH, secret == null ? "" : secret);
      return Optional.empty();
    }
    boolean ok = DeviceSecrets.matches(d.salt(), d.hash(), secret);
    return ok && d.device().isEnabled() ? Optional.of(d.device()) : Optional.empty();
  }

  /**
   * Sets how often the device is expected to report (its configured interval), which is what its
   * readings' freshness is judged against from now on. Blocking.
   */
  public Device changeExpectedInterval(String deviceId, int intervalS) throws SQLException {
    StoredDevice d = byId.get(deviceId);
    if (d == null) {
      throw ProblemException.notFound("device", deviceId);
    }
    if (d.device().expectedIntervalS() != intervalS) {
      repo().updateExpectedInterval(deviceId, intervalS);
      Device o = d.device();
      d =
          new StoredDevice(
              new Device(
                  o.id(),
                  o.stationId(),
                  o.kind(),
                  intervalS,
                  o.firmware(),
                  o.createdAt(),
                  o.disabledAt()),
              d.salt(),
              d.hash());
      byId.put(deviceId, d);
    }
    return d.device();
  }

  /**
   * Looks a device up in the database, for one this instance has not seen: in broker mode another
   * instance may have provisioned it since this one started. Misses are remembered for a while so a
   * stream of messages from an unknown id does not become a stream of queries. Blocking.
   */
  public Optional<Device> refresh(String deviceId) throws SQLException {
    Optional<Device> known = find(deviceId);
    if (known.isPresent()) {
      return known;
    }
    Long missed = recentMisses.get(deviceId);
    long now = System.nanoTime();
    if (missed != null && now - missed < MISS_MEMORY_NANOS) {
      return Optional.empty();
    }
    StoredDevice d = repo().find(deviceId);
    if (d == null) {
      if (recentMisses.size() > MAX_MISSES_KEPT) {
        recentMisses.clear();
      }
      recentMisses.put(deviceId, now);
      return Optional.empty();
    }
    byId.put(deviceId, d);
    recentMisses.remove(deviceId);
    return Optional.of(d.device());
  }

  public Optional<Device> find(String deviceId) {
    StoredDevice d = byId.get(deviceId);
    return d == null ? Optional.empty() : Optional.of(d.device());
  }

  public Collection<Device> list() {
    return byId.values().stream().map(StoredDevice::device).toList();
  }

  public List<Device> listForStation(String stationId) {
    return byId.values().stream()
        .map(StoredDevice::device)
        .filter(d -> d.stationId().equals(stationId))
        .toList();
  }

  private DeviceRepository repo() {
    if (repository == null) {
      throw new IllegalStateException("this device registry is read-only (no database)");
    }
    return repository;
  }

  private String newId() {
    char[] c = new char[10];
    for (int i = 0; i < c.length; i++) {
      c[i] = ID_ALPHABET[random.nextInt(ID_ALPHABET.length)];
    }
    return "dev-" + new String(c);
  }
}

package org.yizhan.device;

import java.security.SecureRandom;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yizhan.device.internal.DeviceRepository;
import org.yizhan.device.internal.DeviceRepository.StoredDevice;
import org.yizhan.error.DomainException;
import org.yizhan.station.Station;
import org.yizhan.station.StationStatus;

/**
 * Provisioned devices, held in memory so that authenticating a connecting device costs a map lookup
 * and one hash, with the database as the record.
 *
 * <p>A device may connect only while it is enabled and its station is open (not closed or gone).
 * When an admin takes that away (disables it, gives it a new secret, closes its station), the
 * registry tells whoever holds live connections, so that the device's current connection ends too,
 * not only its next one. In broker mode the other instances hear of each such change through the
 * database ({@link DeviceChanges}) and {@link #reload} the device, ending its access there too.
 *
 * <p>Over 400 lines: every change of a device (provision, secret, enable, station, interval) goes
 * through the same write-through and access-ended rules, which are clearer side by side.
 */
public final class DeviceRegistry {

  private static final Logger LOG = LoggerFactory.getLogger(DeviceRegistry.class);
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

  private final Object writeLock = new Object();
  private volatile Function<String, Optional<Station>> stations = id -> Optional.empty();
  private volatile boolean checkStations;
  private final List<Consumer<String>> accessEnded = new CopyOnWriteArrayList<>();
  private final List<java.util.function.BiConsumer<Device, String>> changed =
      new CopyOnWriteArrayList<>();

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

  /**
   * Judges devices' stations with this lookup from now on: a device whose station is closed, or
   * unknown to it, may not connect. Until it is set, stations are not checked.
   */
  public void checkStationsWith(Function<String, Optional<Station>> stations) {
    this.stations = stations;
    this.checkStations = true;
  }

  /**
   * Told (with the device id, on the thread that made the change, after it committed) whenever a
   * device's access ends: it was disabled, its secret changed, or its station closed.
   */
  public void onAccessEnded(Consumer<String> listener) {
    accessEnded.add(listener);
  }

  /**
   * Told (on the thread that made the change, after it committed) of each change made through this
   * registry: the device as it now is, and the secret just issued to it (provisioning, rotation) or
   * null. Changes heard from other instances ({@link #reload}) are not told: their maker tells.
   */
  public void onChanged(java.util.function.BiConsumer<Device, String> listener) {
    changed.add(listener);
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
        tellChanged(stored.device(), secret);
        return new Provisioned(stored.device(), secret);
      }
      if (id != null) {
        throw new DomainException.AlreadyExists("device", id);
      }
    }
    throw new IllegalStateException("could not find a free device id");
  }

  /**
   * Judges a connecting device's credentials. Costs one hash whether or not the id exists, and says
   * why a device is refused only to one that proved its secret.
   */
  public DeviceLogin login(String deviceId, String secret) {
    return judge(deviceId == null ? null : byId.get(deviceId), secret);
  }

  /**
   * Judges credentials against the device's row in the database rather than this instance's copy: a
   * broker's authentication hook may ask any instance, and a secret rotated or a device disabled
   * through another instance must count at once. Blocking (one primary-key read).
   */
  public DeviceLogin loginFromRecord(String deviceId, String secret) throws SQLException {
    return judge(deviceId == null ? null : repo().find(deviceId), secret);
  }

  private DeviceLogin judge(StoredDevice d, String secret) {
    if (d == null || secret == null) {
      DeviceSecrets.matches(DUMMY_SALT, DUMMY_HASH, secret == null ? "" : secret);
      return new DeviceLogin(
          d == null ? DeviceLogin.Verdict.UNKNOWN_DEVICE : DeviceLogin.Verdict.BAD_CREDENTIALS,
          null);
    }
    if (!DeviceSecrets.matches(d.salt(), d.hash(), secret)) {
      return new DeviceLogin(DeviceLogin.Verdict.BAD_CREDENTIALS, null);
    }
    Device device = d.device();
    if (!device.isEnabled()) {
      return new DeviceLogin(DeviceLogin.Verdict.DISABLED, device);
    }
    if (!stationOpen(device.stationId())) {
      return new DeviceLogin(DeviceLogin.Verdict.STATION_CLOSED, device);
    }
    return new DeviceLogin(DeviceLogin.Verdict.ACCEPTED, device);
  }

  /** The device whose secret matches if it may connect now, or empty; see {@link #login}. */
  public Optional<Device> authenticate(String deviceId, String secret) {
    DeviceLogin l = login(deviceId, secret);
    return l.accepted() ? Optional.of(l.device()) : Optional.empty();
  }

  /** Whether the device may send now: enabled, and at an open station. */
  public boolean admits(Device d) {
    return d.isEnabled() && stationOpen(d.stationId());
  }

  /**
   * Whether a station takes its devices' data: not closed and known. A temporarily closed station
   * still does (its sensors keep reporting while nobody is let in).
   */
  public boolean stationOpen(String stationId) {
    return !checkStations
        || stations.apply(stationId).map(s -> s.status() != StationStatus.CLOSED).orElse(false);
  }

  /**
   * Disables or re-enables a device; a disabled device is refused at its next connect and its
   * current connection ends. Blocking.
   *
   * @throws DomainException.NotFound if there is no such device
   */
  public Device setEnabled(String deviceId, boolean enabled) throws SQLException {
    StoredDevice d;
    synchronized (writeLock) {
      requireKnown(deviceId);
      d = repo().updateDisabled(deviceId, !enabled);
      if (d == null) {
        throw new DomainException.NotFound("device", deviceId);
      }
      byId.put(deviceId, d);
    }
    if (!enabled) {
      endAccess(deviceId);
    }
    tellChanged(d.device(), null);
    return d.device();
  }

  /**
   * Gives a device a new secret, shown once; the old one stops working at once, and a connection
   * made with it ends. Blocking.
   *
   * @throws DomainException.NotFound if there is no such device
   */
  public Provisioned rotateSecret(String deviceId) throws SQLException {
    String secret = DeviceSecrets.newSecret();
    byte[] salt = DeviceSecrets.newSalt();
    byte[] hash = DeviceSecrets.hash(salt, secret);
    StoredDevice d;
    synchronized (writeLock) {
      requireKnown(deviceId);
      d = repo().updateSecret(deviceId, salt, hash);
      if (d == null) {
        throw new DomainException.NotFound("device", deviceId);
      }
      byId.put(deviceId, d);
    }
    endAccess(deviceId);
    tellChanged(d.device(), secret);
    return new Provisioned(d.device(), secret);
  }

  /**
   * Ends the connections of the devices at these changed stations that are now closed. Called after
   * each committed station write.
   */
  public void stationsChanged(Collection<Station> changed) {
    java.util.Set<String> closed = new java.util.HashSet<>();
    for (Station s : changed) {
      if (s.status() == StationStatus.CLOSED) {
        closed.add(s.id());
      }
    }
    if (closed.isEmpty()) {
      return;
    }
    for (StoredDevice d : byId.values()) {
      if (closed.contains(d.device().stationId())) {
        endAccess(d.device().id());
      }
    }
  }

  /**
   * Reads one device's row again, after another instance announced a change to it; if its access
   * ended there (disabled, new secret), it ends here too. Blocking.
   */
  public void reload(String deviceId) throws SQLException {
    StoredDevice before;
    StoredDevice now;
    synchronized (writeLock) {
      now = repo().find(deviceId);
      before = now == null ? byId.remove(deviceId) : byId.put(deviceId, now);
      if (now != null) {
        recentMisses.remove(deviceId);
      }
    }
    if (before != null && accessLost(before, now)) {
      endAccess(deviceId);
    }
  }

  /**
   * Reads every device again, after announcements may have been missed (the listening connection
   * was lost); devices whose access ended meanwhile lose it here too. Blocking.
   */
  public void reloadAll() throws SQLException {
    List<String> ended = new java.util.ArrayList<>();
    synchronized (writeLock) {
      Map<String, StoredDevice> fresh = new java.util.HashMap<>();
      for (StoredDevice d : repo().listAll()) {
        fresh.put(d.device().id(), d);
      }
      for (StoredDevice before : List.copyOf(byId.values())) {
        if (accessLost(before, fresh.get(before.device().id()))) {
          ended.add(before.device().id());
        }
      }
      byId.keySet().retainAll(fresh.keySet());
      byId.putAll(fresh);
      recentMisses.clear();
    }
    ended.forEach(this::endAccess);
  }

  private static boolean accessLost(StoredDevice before, StoredDevice now) {
    return now == null
        || (before.device().isEnabled() && !now.device().isEnabled())
        || !java.util.Arrays.equals(before.hash(), now.hash());
  }

  private void tellChanged(Device d, String secret) {
    for (java.util.function.BiConsumer<Device, String> l : changed) {
      try {
        l.accept(d, secret);
      } catch (RuntimeException e) {
        LOG.warn("devices: passing on the change of {} failed: {}", d.id(), e.toString());
      }
    }
  }

  private void endAccess(String deviceId) {
    for (Consumer<String> l : accessEnded) {
      try {
        l.accept(deviceId);
      } catch (RuntimeException e) {
        LOG.warn("devices: ending the access of {} failed: {}", deviceId, e.toString());
      }
    }
  }

  private void requireKnown(String deviceId) {
    if (!byId.containsKey(deviceId)) {
      throw new DomainException.NotFound("device", deviceId);
    }
  }

  /**
   * Sets how often the device is expected to report (its configured interval), which is what its
   * readings' freshness is judged against from now on. Blocking.
   */
  public Device changeExpectedInterval(String deviceId, int intervalS) throws SQLException {
    synchronized (writeLock) {
      return changeInterval(deviceId, intervalS);
    }
  }

  private Device changeInterval(String deviceId, int intervalS) throws SQLException {
    StoredDevice d = byId.get(deviceId);
    if (d == null) {
      throw new DomainException.NotFound("device", deviceId);
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

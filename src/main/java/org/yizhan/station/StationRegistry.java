package org.yizhan.station;

import java.security.SecureRandom;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yizhan.error.DomainException;
import org.yizhan.station.internal.StationRepository;

/**
 * The station network: PostgreSQL is the record, an immutable {@link StationSnapshot} in a volatile
 * field serves reads. Writes are serialised, committed first, and then swapped into a new snapshot
 * before they return, so the next query sees them.
 *
 * <p>All methods but {@link #snapshot()} block on JDBC: call them from a worker thread.
 */
public final class StationRegistry {

  private static final Logger LOG = LoggerFactory.getLogger(StationRegistry.class);
  private static final char[] ID_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789".toCharArray();

  private final StationRepository repository;
  private final SecureRandom random = new SecureRandom();
  private final Object writeLock = new Object();
  private volatile StationSnapshot snapshot;
  private final List<Consumer<List<Station>>> changed = new CopyOnWriteArrayList<>();
  private final List<Consumer<List<Station>>> ownChanged = new CopyOnWriteArrayList<>();

  private StationRegistry(StationRepository repository, StationSnapshot snapshot) {
    this.repository = repository;
    this.snapshot = snapshot;
  }

  /** Loads every station from the database into the first snapshot. */
  public static StationRegistry load(StationRepository repository) throws SQLException {
    long t0 = System.nanoTime();
    List<Station> all = repository.listAll();
    StationSnapshot snap = StationSnapshot.of(all);
    LOG.info(
        "stations: {} loaded and indexed in {} ms",
        all.size(),
        (System.nanoTime() - t0) / 1_000_000);
    return new StationRegistry(repository, snap);
  }

  /**
   * Told of the stations each change touched, on the thread that applied it, once they are
   * committed and visible: writes made through this registry and, in broker mode, those heard from
   * other instances ({@link #reload}). The device registry ends the connections of a closed
   * station's devices.
   */
  public void onChange(Consumer<List<Station>> listener) {
    changed.add(listener);
  }

  /**
   * Told only of the writes made through this registry, not those heard from other instances: for
   * duties their maker does once for the whole cluster (the broker's accounts).
   */
  public void onOwnChange(Consumer<List<Station>> listener) {
    ownChanged.add(listener);
  }

  /** The current immutable view; never blocks. */
  public StationSnapshot snapshot() {
    return snapshot;
  }

  /** Stores a new station; assigns an id when the draft has none. */
  public Station create(Station draft) throws SQLException {
    synchronized (writeLock) {
      boolean generated = draft.id().equals(Station.PENDING_ID);
      for (int attempt = 0; attempt < 5; attempt++) {
        Station candidate = generated ? draft.withId(newId()) : draft;
        Optional<Station> stored = repository.insert(candidate);
        if (stored.isPresent()) {
          swapIn(List.of(stored.get()));
          return stored.get();
        }
        if (!generated) {
          throw new DomainException.AlreadyExists("station", draft.id());
        }
      }
      throw new IllegalStateException("could not find a free station id");
    }
  }

  /**
   * Replaces a station's fields if it is still at {@code expectedVersion} (optimistic concurrency:
   * the caller's If-Match).
   */
  public Station replace(String id, Station draft, long expectedVersion) throws SQLException {
    synchronized (writeLock) {
      Station current =
          repository.find(id).orElseThrow(() -> new DomainException.NotFound("station", id));
      if (current.version() != expectedVersion) {
        throw preconditionFailed(current);
      }
      Station stored =
          repository
              .update(draft.withId(id), expectedVersion)
              .orElseThrow(() -> preconditionFailed(current));
      swapIn(List.of(stored));
      return stored;
    }
  }

  /** Soft delete: the station is marked closed, kept for history, hidden from workers. */
  public Station close(String id, OptionalLong expectedVersion) throws SQLException {
    synchronized (writeLock) {
      Station current =
          repository.find(id).orElseThrow(() -> new DomainException.NotFound("station", id));
      long version = expectedVersion.orElse(current.version());
      if (current.version() != version) {
        throw preconditionFailed(current);
      }
      if (current.status() == StationStatus.CLOSED) {
        return current;
      }
      Station stored =
          repository
              .update(current.withStatus(StationStatus.CLOSED), version)
              .orElseThrow(() -> preconditionFailed(current));
      swapIn(List.of(stored));
      return stored;
    }
  }

  /**
   * Creates or replaces all stations in one transaction; returns how many existed before. When the
   * database fails part way, nothing is stored and the snapshot is unchanged: the caller gets a
   * {@link DomainException} saying so ({@link ImportFailures}).
   */
  public ImportReport importAll(List<Station> drafts) throws SQLException {
    synchronized (writeLock) {
      List<Station> withIds = new ArrayList<>(drafts.size());
      int updated = 0;
      StationSnapshot before = snapshot;
      for (Station s : drafts) {
        if (s.id().equals(Station.PENDING_ID)) {
          withIds.add(s.withId(newId()));
        } else {
          withIds.add(s);
          if (before.find(s.id()).isPresent()) {
            updated++;
          }
        }
      }
      List<Station> stored;
      try {
        stored = repository.upsertAll(withIds);
      } catch (SQLException e) {
        throw ImportFailures.problem(e, withIds.size());
      }
      swapIn(stored);
      LOG.info("stations: imported {} ({} replaced)", withIds.size(), updated);
      return new ImportReport(withIds.size() - updated, updated);
    }
  }

  /** What a bulk import did. */
  public record ImportReport(int created, int updated) {}

  /**
   * Reads these stations again after another instance announced a change to them, and swaps them
   * into the snapshot. Blocking.
   */
  public void reload(List<String> ids) throws SQLException {
    List<Station> fresh;
    synchronized (writeLock) {
      fresh = repository.findAll(ids);
      snapshot = snapshot.with(fresh);
    }
    tell(changed, fresh);
  }

  /**
   * Reads every station again, after announcements may have been missed (the listening connection
   * was lost); those that differ from the snapshot are told as changed. Blocking.
   */
  public void reloadAll() throws SQLException {
    List<Station> differ = new ArrayList<>();
    synchronized (writeLock) {
      List<Station> all = repository.listAll();
      StationSnapshot before = snapshot;
      for (Station s : all) {
        if (before.find(s.id()).map(b -> b.version() != s.version()).orElse(true)) {
          differ.add(s);
        }
      }
      snapshot =
          all.size() == before.size() + countNew(before, differ)
              ? before.with(differ)
              : StationSnapshot.of(all);
    }
    LOG.info("stations: read again, {} changed meanwhile", differ.size());
    tell(changed, differ);
  }

  private static int countNew(StationSnapshot before, List<Station> differ) {
    return (int) differ.stream().filter(s -> before.find(s.id()).isEmpty()).count();
  }

  private void swapIn(List<Station> stored) {
    snapshot = snapshot.with(stored);
    tell(changed, stored);
    tell(ownChanged, stored);
  }

  private static void tell(List<Consumer<List<Station>>> listeners, List<Station> stations) {
    if (stations.isEmpty()) {
      return;
    }
    for (Consumer<List<Station>> l : listeners) {
      try {
        l.accept(stations);
      } catch (RuntimeException e) {
        LOG.warn("stations: passing on a change failed: {}", e.toString());
      }
    }
  }

  private static DomainException preconditionFailed(Station current) {
    return new DomainException.VersionMismatch(
        "Station '"
            + current.id()
            + "' is at version "
            + current.version()
            + "; fetch it again and retry with If-Match: \""
            + current.version()
            + "\"");
  }

  private String newId() {
    char[] c = new char[10];
    for (int i = 0; i < c.length; i++) {
      c[i] = ID_ALPHABET[random.nextInt(ID_ALPHABET.length)];
    }
    return "st-" + new String(c);
  }
}

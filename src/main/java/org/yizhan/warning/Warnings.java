package org.yizhan.warning;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.yizhan.error.DomainException;
import org.yizhan.error.Violation;
import org.yizhan.warning.internal.WarningStore;

/**
 * Sets, ends and deletes warnings: checked, stored, then put in the in-memory {@link WarningBook}.
 * Blocking (JDBC): call from a worker thread. Reads for the public answers go to {@link #book()}.
 */
public final class Warnings {

  /** How many past and current warnings the admin list shows at most. */
  public static final int LIST_LIMIT = 500;

  private final WarningStore store;
  private final WarningBook book = new WarningBook();
  private final Supplier<CityNames> cities;
  private final Clock clock;

  public Warnings(WarningStore store, Supplier<CityNames> cities, Clock clock) {
    this.store = store;
    this.cities = cities;
    this.clock = clock;
  }

  public WarningBook book() {
    return book;
  }

  public CityNames cities() {
    return cities.get();
  }

  /** Checks and stores an admin's warning, then puts it in force (or upcoming). */
  public Warning create(WarningDraft d, String setBy) throws SQLException {
    List<Violation> problems = new ArrayList<>(d.violations());
    CityNames known = cities.get();
    if (!known.contains(d.city())) {
      List<String> near = known.nearMatches(d.city());
      problems.add(
          0,
          Violation.of(
              "city",
              "is not a city of the station registry"
                  + (near.isEmpty() ? "" : "; near matches: " + String.join(", ", near))));
    }
    if (!problems.isEmpty()) {
      throw DomainException.InvalidInput.of(problems);
    }
    Warning w = store.insert(d, WarningSource.MANUAL, null, setBy);
    reload();
    return w;
  }

  public Optional<Warning> find(long id) throws SQLException {
    return store.find(id);
  }

  /** Ends a warning now; one already past is returned as it is. */
  public Warning end(long id) throws SQLException {
    Optional<Warning> ended = store.end(id, clock.instant());
    if (ended.isEmpty()) {
      return store.find(id).orElseThrow(() -> notFound(id));
    }
    reload();
    return ended.get();
  }

  /** Deletes a warning; returns what was deleted. */
  public Warning delete(long id) throws SQLException {
    Warning gone = store.delete(id).orElseThrow(() -> notFound(id));
    reload();
    return gone;
  }

  /** The latest warnings, past ones included, latest start first. */
  public List<Warning> listRecent() throws SQLException {
    return store.listRecent(LIST_LIMIT);
  }

  /**
   * Stores what a feed poll read; manual warnings are never touched. Returns how many rows were
   * added or changed.
   */
  public int applyFeed(List<FeedWarning> read) throws SQLException {
    int changed = 0;
    for (FeedWarning f : read) {
      if (store.upsertFeed(f.draft(), f.feedId())) {
        changed++;
      }
    }
    if (changed > 0) {
      reload();
    }
    return changed;
  }

  /** Reloads the in-memory view from the database, dropping the warnings now past. */
  public void reload() throws SQLException {
    Instant now = clock.instant();
    book.replace(store.listNotPast(now));
  }

  private static DomainException.NotFound notFound(long id) {
    return new DomainException.NotFound("warning", Long.toString(id));
  }

  /** A warning as the feed issued it, with the feed's id for it. */
  public record FeedWarning(WarningDraft draft, String feedId) {}
}

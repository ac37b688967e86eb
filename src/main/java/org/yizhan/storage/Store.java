package org.yizhan.storage;

/** Which kind of database keeps the readings. */
public enum Store {
  /**
   * Plain PostgreSQL (the embedded default): {@code reading} partitioned by day, rollups kept by
   * the server.
   */
  PLAIN("postgresql"),
  /** TimescaleDB: a hypertable with compression, continuous aggregates and its own jobs. */
  TIMESCALE("timescaledb");

  private final String code;

  Store(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }
}

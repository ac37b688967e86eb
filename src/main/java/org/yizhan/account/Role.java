package org.yizhan.account;

import java.util.Optional;
import org.yizhan.json.Coded;

/** What an admin account may do. */
public enum Role implements Coded {
  /** Everything, everywhere: accounts, the audit log, global thresholds, bulk import. */
  SUPER_ADMIN("super_admin"),
  /** Stations, devices, alerts and feedback, but only within the account's scope. */
  STATION_ADMIN("station_admin"),
  /** Reads the network for planning (exports, history); changes nothing. */
  PLANNER("planner");

  private final String code;

  Role(String code) {
    this.code = code;
  }

  @Override
  public String code() {
    return code;
  }

  public static Optional<Role> findByCode(String code) {
    return Coded.find(Role.class, code);
  }
}

package org.yizhan.account;

import io.vertx.core.json.JsonObject;
import org.yizhan.station.Station;

/**
 * Who is making an admin request: a logged-in account, or the server's admin token (a machine
 * credential for the command-line tools and the simulator, acting as a super admin).
 *
 * @param name the account's user name, or {@code admin-token}
 */
public record Principal(String name, String displayName, Role role, Scope scope) {

  /** The name the audit log records for requests made with the admin token. */
  public static final String TOKEN_NAME = "admin-token";

  public static final Principal TOKEN =
      new Principal(TOKEN_NAME, "Admin token", Role.SUPER_ADMIN, Scope.NONE);

  public boolean isSuper() {
    return role == Role.SUPER_ADMIN;
  }

  public boolean isToken() {
    return this == TOKEN || TOKEN_NAME.equals(name);
  }

  /** True if this principal may administer the station (super admins: every station). */
  public boolean covers(Station s) {
    return isSuper()
        || (role == Role.STATION_ADMIN && scope.covers(s.id(), s.city(), s.district()));
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("username", name)
        .put("display_name", displayName)
        .put("role", role.code())
        .put("scope", scope.toJson());
  }
}

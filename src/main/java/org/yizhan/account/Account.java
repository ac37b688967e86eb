package org.yizhan.account;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/** An admin account as stored; the password hash never leaves the account package. */
public record Account(
    String username,
    String displayName,
    Role role,
    Scope scope,
    String passwordHash,
    Instant createdAt,
    Instant passwordChangedAt,
    Instant disabledAt) {

  public boolean disabled() {
    return disabledAt != null;
  }

  public Principal principal() {
    return new Principal(username, displayName, role, scope);
  }

  /** The account as admins see it, without the hash. */
  public JsonObject toJson() {
    return principal()
        .toJson()
        .put("created_at", createdAt == null ? null : createdAt.toString())
        .put("disabled", disabled());
  }
}

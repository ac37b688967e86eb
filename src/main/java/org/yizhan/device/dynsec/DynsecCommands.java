package org.yizhan.device.dynsec;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.yizhan.device.Device;
import org.yizhan.telemetry.TelemetryTopic;

/**
 * The plugin's JSON commands for one device, and which of them bring the broker's client to what
 * the registry says. Pure: no I/O, so the choice is tested without a broker.
 */
final class DynsecCommands {

  /** Marks the broker clients and roles this server manages; others (its own admin) are left be. */
  static final String TEXTNAME = "yizhan device";

  /** The plugin's answer when a role is created twice: harmless, the role is what we asked. */
  static final String ROLE_EXISTS = "Role already exists";

  private DynsecCommands() {}

  /** The device's own role: its topics and nothing else. */
  static String roleName(String deviceId) {
    return "yizhan-device-" + deviceId;
  }

  /**
   * The contract's ACL tied to the device's own station: publish only its telemetry and status,
   * subscribe to and receive only its config.
   */
  static JsonArray acls(Device d) {
    String config = TelemetryTopic.config(d.stationId(), d.id());
    return new JsonArray()
        .add(acl("publishClientSend", TelemetryTopic.telemetry(d.stationId(), d.id())))
        .add(acl("publishClientSend", TelemetryTopic.status(d.stationId(), d.id())))
        .add(acl("subscribeLiteral", config))
        .add(acl("publishClientReceive", config));
  }

  private static JsonObject acl(String type, String topic) {
    return new JsonObject().put("acltype", type).put("topic", topic).put("allow", true);
  }

  /**
   * What the broker knows of a client, from {@code getClient} or {@code listClients}: whether it
   * exists, is disabled, and holds the device's role.
   */
  record BrokerClient(boolean disabled, boolean hasRole) {

    static BrokerClient of(JsonObject client, String deviceId) {
      boolean hasRole = false;
      JsonArray roles = client.getJsonArray("roles", new JsonArray());
      for (int i = 0; i < roles.size(); i++) {
        if (roleName(deviceId).equals(roles.getJsonObject(i).getString("rolename"))) {
          hasRole = true;
        }
      }
      return new BrokerClient(client.getBoolean("disabled", false), hasRole);
    }
  }

  /**
   * The commands that make the broker's client for {@code d} what the registry says.
   *
   * @param enabled whether the device may connect (enabled, at an open station)
   * @param secret the secret just issued to it, or null if none is waiting to be set
   * @param now the broker's client as it is, or null if it has none
   */
  static List<JsonObject> toMatch(Device d, boolean enabled, String secret, BrokerClient now) {
    List<JsonObject> out = new ArrayList<>();
    String user = d.id();
    if (now == null || !now.hasRole()) {
      out.add(
          new JsonObject()
              .put("command", "createRole")
              .put("rolename", roleName(user))
              .put("textname", TEXTNAME)
              .put("acls", acls(d)));
    }
    if (now == null) {
      // Created without a password and disabled if it must be, before the password is set: the
      // device can log in only once the client is as it should be.
      out.add(
          new JsonObject()
              .put("command", "createClient")
              .put("username", user)
              .put("textname", TEXTNAME)
              .put("roles", new JsonArray().add(new JsonObject().put("rolename", roleName(user)))));
    } else if (!now.hasRole()) {
      out.add(
          new JsonObject()
              .put("command", "addClientRole")
              .put("username", user)
              .put("rolename", roleName(user)));
    }
    boolean disabledNow = now != null && now.disabled();
    if (disabledNow == enabled) {
      out.add(
          new JsonObject()
              .put("command", enabled ? "enableClient" : "disableClient")
              .put("username", user));
    }
    if (secret != null) {
      out.add(
          new JsonObject()
              .put("command", "setClientPassword")
              .put("username", user)
              .put("password", secret));
    }
    return out;
  }

  static JsonObject getClient(String deviceId) {
    return new JsonObject().put("command", "getClient").put("username", deviceId);
  }

  static JsonObject listClients(int offset, int count) {
    return new JsonObject()
        .put("command", "listClients")
        .put("verbose", true)
        .put("offset", offset)
        .put("count", count);
  }

  /** Removes a client this server made for a device the registry no longer has, and its role. */
  static List<JsonObject> remove(String deviceId) {
    return List.of(
        new JsonObject().put("command", "deleteClient").put("username", deviceId),
        new JsonObject().put("command", "deleteRole").put("rolename", roleName(deviceId)));
  }
}

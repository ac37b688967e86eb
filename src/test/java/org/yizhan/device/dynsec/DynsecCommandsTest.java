package org.yizhan.device.dynsec;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.yizhan.device.Device;
import org.yizhan.device.DeviceKind;
import org.yizhan.device.dynsec.DynsecCommands.BrokerClient;

/** Which plugin commands bring the broker's client for a device to what the registry says. */
class DynsecCommandsTest {

  private static final Device D =
      new Device("d-1", "st-1", DeviceKind.COMBINED, 60, null, Instant.EPOCH, null);

  private static List<String> names(List<JsonObject> commands) {
    return commands.stream().map(c -> c.getString("command")).toList();
  }

  /** Verifies that a new device gets its role, its client, and then its password. */
  @Test
  void aMissingClientIsCreatedWithItsRoleBeforeItsPasswordIsSet() {
    List<JsonObject> c = DynsecCommands.toMatch(D, true, "s3cret", null);

    assertThat(names(c)).containsExactly("createRole", "createClient", "setClientPassword");
    assertThat(c.get(1).getString("textname")).isEqualTo(DynsecCommands.TEXTNAME);
    assertThat(c.get(2).getString("password")).isEqualTo("s3cret");
  }

  /** Verifies that a device that may not connect is disabled before any password is set. */
  @Test
  void aMissingClientOfADisabledDeviceIsDisabledBeforeItsPasswordIsSet() {
    assertThat(names(DynsecCommands.toMatch(D, false, "s3cret", null)))
        .containsExactly("createRole", "createClient", "disableClient", "setClientPassword");
  }

  /** Verifies that a client already as the registry says needs nothing. */
  @Test
  void aClientInStepNeedsNoCommand() {
    assertThat(DynsecCommands.toMatch(D, true, null, new BrokerClient(false, true))).isEmpty();
    assertThat(DynsecCommands.toMatch(D, false, null, new BrokerClient(true, true))).isEmpty();
  }

  /** Verifies that only what differs is changed. */
  @Test
  void onlyWhatDiffersIsChanged() {
    assertThat(names(DynsecCommands.toMatch(D, false, null, new BrokerClient(false, true))))
        .containsExactly("disableClient");
    assertThat(names(DynsecCommands.toMatch(D, true, "n3w", new BrokerClient(true, true))))
        .containsExactly("enableClient", "setClientPassword");
    assertThat(names(DynsecCommands.toMatch(D, true, null, new BrokerClient(false, false))))
        .containsExactly("createRole", "addClientRole");
  }

  /** Verifies that the role grants the contract's ACL, tied to the device's own station. */
  @Test
  void theRoleGrantsOnlyTheDevicesOwnTopics() {
    assertThat(DynsecCommands.acls(D).encode())
        .isEqualTo(
            "[{\"acltype\":\"publishClientSend\",\"topic\":\"yz/v1/st/st-1/dev/d-1/telemetry\",\"allow\":true},"
                + "{\"acltype\":\"publishClientSend\",\"topic\":\"yz/v1/st/st-1/dev/d-1/status\",\"allow\":true},"
                + "{\"acltype\":\"subscribeLiteral\",\"topic\":\"yz/v1/st/st-1/dev/d-1/config\",\"allow\":true},"
                + "{\"acltype\":\"publishClientReceive\",\"topic\":\"yz/v1/st/st-1/dev/d-1/config\",\"allow\":true}]");
  }

  /** Verifies that the broker's listing is read for the disabled flag and the device's role. */
  @Test
  void aListedClientIsReadForItsFlagAndRole() {
    JsonObject listed =
        new JsonObject(
            "{\"username\":\"d-1\",\"disabled\":true,"
                + "\"roles\":[{\"rolename\":\"yizhan-device-d-1\"}],\"groups\":[]}");
    assertThat(BrokerClient.of(listed, "d-1")).isEqualTo(new BrokerClient(true, true));
    assertThat(BrokerClient.of(new JsonObject("{\"username\":\"d-1\"}"), "d-1"))
        .isEqualTo(new BrokerClient(false, false));
  }
}

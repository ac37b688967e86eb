package org.yizhan.device;

import java.time.Instant;
import org.yizhan.live.DevicePresence;
import org.yizhan.live.LiveState;
import org.yizhan.quality.DeviceFlags;

/**
 * One device as the device table shows it at {@code asOf}: its health, where it stands, its
 * connection and its latest reading.
 *
 * @param seen its latest reading's receipt, battery and signal, or null if never seen
 * @param presence its connection's state, or null if it never connected since start
 * @param city its station's city, or null when unknown
 * @param district its station's district, or null when unknown
 * @param flags the quality flags its latest reading carries, or null for none known
 */
public record DeviceView(
    Device device,
    DeviceHealth.State state,
    LiveState.DeviceSeen seen,
    DevicePresence.Presence presence,
    String city,
    String district,
    boolean stationOpen,
    DeviceFlags flags,
    Instant asOf) {}

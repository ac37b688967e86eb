package org.yizhan.device;

import java.time.Instant;
import java.util.List;

/** One page of the device table, and how many devices matched in all. */
public record DevicePage(Instant asOf, int matched, int offset, List<DeviceView> devices) {}

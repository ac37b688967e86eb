package org.yizhan.alert.notify;

import java.util.Locale;
import org.yizhan.json.Coded;

/** How a message to one target ended: the three outcomes an admin needs to tell apart. */
public enum DeliveryStatus implements Coded {
  /** The receiver accepted it. */
  DELIVERED,
  /** Refused for good, or still failing after the last attempt. */
  FAILED,
  /** Never sent: pushed out of a full queue by newer events, or pending at shutdown. */
  DROPPED;

  private final String code = name().toLowerCase(Locale.ROOT);

  @Override
  public String code() {
    return code;
  }
}

package org.yizhan.telemetry;

import java.util.Locale;

/**
 * Why a device message was refused. The code is what admins see, what metrics are labelled with,
 * and what the firmware contract's invalid examples name.
 */
public enum RejectReason {
  /** Not parseable as UTF-8 JSON. */
  MALFORMED_JSON,
  /** JSON, but not valid against the message's schema. */
  SCHEMA_VIOLATION,
  /** Over the payload size limit. */
  PAYLOAD_TOO_LARGE,
  /** A reading stamped further in the future than the allowed clock skew. */
  FUTURE_TIMESTAMP,
  /** A reading older than the backfill window. */
  TOO_OLD,
  /** A topic outside the contract. */
  WRONG_TOPIC,
  /** A topic under another device's or station's ids. */
  NOT_AUTHORIZED,
  /** A device id we never provisioned (or a disabled one). */
  UNKNOWN_DEVICE,
  /** Wrong password. */
  BAD_CREDENTIALS,
  /** QoS 2, which the server refuses. */
  QOS_NOT_SUPPORTED,
  /**
   * Valid by the contract, yet the database refused to store it (a value outside its column's range
   * that validation did not catch): refused so that the device does not resend it for ever.
   */
  STORAGE_REFUSED,
  /**
   * A breach of MQTT itself or of the contract's connection limits: a client id over 64 characters,
   * a topic alias, more unacknowledged publishes than the announced Receive Maximum.
   */
  PROTOCOL_ERROR;

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }
}

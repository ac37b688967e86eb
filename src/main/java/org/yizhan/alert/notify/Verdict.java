package org.yizhan.alert.notify;

import java.time.Duration;

/**
 * What to do after an attempt: done, try again (no sooner than {@code notBefore}, if the receiver
 * said), or give up now because trying again cannot help.
 */
record Verdict(Kind kind, String error, Duration notBefore) {

  enum Kind {
    DELIVERED,
    RETRY,
    FAIL
  }

  static final Verdict DELIVERED = new Verdict(Kind.DELIVERED, null, null);

  static Verdict retry(String error, Duration notBefore) {
    return new Verdict(Kind.RETRY, error, notBefore);
  }

  static Verdict fail(String error) {
    return new Verdict(Kind.FAIL, error, null);
  }
}

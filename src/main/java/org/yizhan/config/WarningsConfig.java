package org.yizhan.config;

import java.time.Duration;
import java.util.Optional;

/**
 * Where heat and cold warnings are read from besides the admins (docs/configuration.md, "Heat and
 * cold warnings").
 *
 * @param feedUrl a CAP 1.2 document polled over HTTP(S); empty means warnings are set by hand only
 * @param feedPoll how often it is polled; a failed poll is simply tried again at the next one
 */
public record WarningsConfig(Optional<String> feedUrl, Duration feedPoll) {

  /**
   * The shortest interval accepted (tests poll a local server every second). In service, minutes
   * are plenty: warnings are issued hours ahead.
   */
  public static final Duration MIN_POLL = Duration.ofSeconds(1);

  public static final WarningsConfig DEFAULTS =
      new WarningsConfig(Optional.empty(), Duration.ofMinutes(5));

  public WarningsConfig {
    java.util.Objects.requireNonNull(feedUrl, "feedUrl");
    if (feedPoll.compareTo(MIN_POLL) < 0 || feedPoll.compareTo(Duration.ofDays(1)) > 0) {
      throw new IllegalArgumentException("warnings.feed.poll.s must be 1 to 86,400 seconds");
    }
    if (feedUrl.isPresent() && !feedUrl.get().matches("https?://\\S+")) {
      throw new IllegalArgumentException(
          "warnings.feed.url must be an http:// or https:// URL, got " + feedUrl.get());
    }
  }

  public WarningsConfig withFeed(String url, Duration poll) {
    return new WarningsConfig(Optional.ofNullable(url), poll);
  }
}

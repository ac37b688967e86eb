package org.yizhan.station;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Verifies how a station announcement is read: its ids, all of them, or none of one's own. */
class StationChangesTest {

  @Test
  void anAnnouncementNamesOneIdSeveralOrAll() {
    assertThat(StationChanges.idsOf("me", "v1\tother\tst-1")).containsExactly("st-1");
    assertThat(StationChanges.idsOf("me", "v1\tother\tst-1,st-2")).containsExactly("st-1", "st-2");
    assertThat(StationChanges.idsOf("me", "v1\tother\t*")).containsExactly("*");
  }

  @Test
  void ownMalformedAndOtherVersionsAreIgnored() {
    assertThat(StationChanges.idsOf("me", "v1\tme\tst-1")).isNull();
    assertThat(StationChanges.idsOf("me", "v2\tother\tst-1")).isNull();
    assertThat(StationChanges.idsOf("me", "v1\tother\t")).isNull();
    assertThat(StationChanges.idsOf("me", "garbage")).isNull();
  }
}

package org.yizhan.quality;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.yizhan.json.Coded;

/**
 * Why a stored reading is not to be trusted as a live value. Each flag has a fixed bit, so a set of
 * flags is stored as one {@code smallint} next to the reading; bits are never reused or moved, new
 * flags take new bits.
 */
public enum QualityFlag implements Coded {
  /** A measurement outside what a working sensor in a rest station can report. */
  OUT_OF_RANGE(0),
  /** More people counted inside than the station has places. */
  OVER_CAPACITY(1),
  /** An entries or exits counter went down without a reboot, reset or wrap explaining it. */
  COUNTER_BACKWARDS(2),
  /** A counter, or the occupancy, changed faster than people can pass a door. */
  COUNTER_JUMP(3),
  /** The device's clock disagrees with the server's. */
  CLOCK_OFF(4),
  /** A value that should fluctuate has been exactly identical for hours. */
  STUCK(5);

  /** The mask of a reading with no flag. */
  public static final int NONE = 0;

  private static final QualityFlag[] VALUES = values();

  private final int bit;
  private final String code = name().toLowerCase(Locale.ROOT);

  QualityFlag(int position) {
    this.bit = 1 << position;
  }

  @Override
  public String code() {
    return code;
  }

  /** This flag's bit in a mask. */
  public int bit() {
    return bit;
  }

  public boolean isIn(int mask) {
    return (mask & bit) != 0;
  }

  public static Optional<QualityFlag> findByCode(String code) {
    return Coded.find(QualityFlag.class, code);
  }

  /** The mask of a set of flags. */
  public static int mask(Set<QualityFlag> flags) {
    int m = NONE;
    for (QualityFlag f : flags) {
      m |= f.bit;
    }
    return m;
  }

  /**
   * The flags of a stored mask. Bits no flag of this version knows (written by a newer one) are
   * ignored rather than refused, so an older server can still read the rows.
   */
  public static Set<QualityFlag> fromMask(int mask) {
    if (mask == NONE) {
      return Collections.emptySet();
    }
    EnumSet<QualityFlag> out = EnumSet.noneOf(QualityFlag.class);
    for (QualityFlag f : VALUES) {
      if (f.isIn(mask)) {
        out.add(f);
      }
    }
    return Collections.unmodifiableSet(out);
  }
}

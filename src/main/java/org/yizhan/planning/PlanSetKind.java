package org.yizhan.planning;

import java.util.Locale;

/**
 * The two kinds of named point set: demand (where workers are, each point weighted by how many) and
 * candidates (sites a new station could take; a weight is optional and means nothing to coverage).
 */
public enum PlanSetKind {
  DEMAND,
  CANDIDATE;

  /** The lower-case code used in storage and in file columns' documentation. */
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }
}

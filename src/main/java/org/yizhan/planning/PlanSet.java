package org.yizhan.planning;

import java.time.Instant;

/**
 * A stored, named point set as listed: its kind and name (unique per kind), when it was first
 * stored and last replaced, how many points it has and their total weight.
 */
public record PlanSet(
    PlanSetKind kind,
    String name,
    Instant createdAt,
    Instant updatedAt,
    int pointCount,
    double totalWeight) {}

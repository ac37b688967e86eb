package org.yizhan.planning;

import java.time.Instant;

/**
 * A planning run kept under a name.
 *
 * @param document the run's request and answer as the API rendered them (JSON text)
 */
public record Scenario(
    String name, String kind, String owner, Instant createdAt, String document) {}

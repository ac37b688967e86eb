package org.yizhan.planning.siting;

/**
 * A proposed site: its candidate index in the instance and its marginal gain when added after the
 * sites before it in the proposal (newly covered weight for the covering models, weighted metres
 * saved for p-median).
 */
public record SiteGain(int candidate, double gain) {}

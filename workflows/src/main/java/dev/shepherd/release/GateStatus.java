package dev.shepherd.release;

import java.time.Instant;

/**
 * An approval gate.
 *
 * @param name the gate (a wave's name, or {@code flag})
 * @param state where it is
 * @param decidedBy who approved or rejected it, or null
 * @param comment their comment, or null
 * @param waitingSince when it started waiting, or null
 * @param decidedAt when it was decided or timed out, or null
 * @param timeoutAt when it times out (counting as a rejection) unless decided first; null before it waits
 */
public record GateStatus(String name, GateState state, String decidedBy, String comment, Instant waitingSince,
    Instant decidedAt, Instant timeoutAt) {}

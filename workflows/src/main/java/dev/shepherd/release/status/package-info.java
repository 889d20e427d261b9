/**
 * The status model: what the {@code status} query returns (phase, waves, regions, gates, flag, undos, pause,
 * audit log), as records and enums whose JSON fields scripts read.
 */
package dev.shepherd.release.status;

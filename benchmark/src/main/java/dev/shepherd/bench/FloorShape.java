package dev.shepherd.bench;

/**
 * The shape of a floor run.
 *
 * @param parentActivities no-op activities the parent runs first
 * @param waves waves, one after the other
 * @param childrenPerWave child workflows per wave, in parallel
 * @param activitiesPerChild no-op activities each child runs in turn
 */
public record FloorShape(int parentActivities, int waves, int childrenPerWave, int activitiesPerChild) {}

package dev.shepherd.cloud;

/**
 * A passed pre-flight check.
 *
 * @param resourcesChecked how many resources were found
 */
public record PreflightResult(int resourcesChecked) {}

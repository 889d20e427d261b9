package dev.shepherd.spec;

/**
 * A CodeBuild project.
 *
 * @param project the project name
 * @param region where the project lives; the first wave's first region when absent
 */
public record CodeBuildProject(String project, Region region) {}

package dev.shepherd.release;

import dev.shepherd.release.lock.ApplicationLock;
import dev.shepherd.spec.Region;
import java.util.regex.Pattern;

/** Workflow ids and the task queue of releases. */
public final class ReleaseIds {

  /** The task queue workers poll unless told otherwise. */
  public static final String DEFAULT_TASK_QUEUE = "shepherd-releases";

  private static final String PREFIX = "release/";
  private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,63}");

  private ReleaseIds() {}

  /** {@code release/<application>/<version>}. */
  public static String release(String application, String version) {
    return PREFIX + application + "/" + version;
  }

  /**
   * {@code release-lock/<application>}: the workflow that holds an application's lock while one of its
   * releases runs (see {@link ApplicationLock}).
   */
  public static String lock(String application) {
    return "release-lock/" + application;
  }

  /** {@code release/<application>/<version>/<region>}. */
  public static String region(String releaseId, Region region) {
    return releaseId + "/" + region.code();
  }

  /** Whether the text can be a release version (it becomes part of workflow ids). */
  public static boolean isValidVersion(String version) {
    return version != null && VERSION.matcher(version).matches();
  }

  /**
   * The workflow id for an id as operators type it: a workflow id, or {@code APP/VERSION}.
   *
   * @throws IllegalArgumentException when the text is neither
   */
  public static String parse(String idOrAppVersion) {
    if (idOrAppVersion == null || idOrAppVersion.isBlank()) {
      throw new IllegalArgumentException("release id is empty; give a workflow id or APP/VERSION");
    }
    String t = idOrAppVersion.trim();
    if (t.startsWith(PREFIX)) {
      return t;
    }
    String[] parts = t.split("/");
    if (parts.length == 2 && !parts[0].isEmpty() && isValidVersion(parts[1])) {
      return release(parts[0], parts[1]);
    }
    throw new IllegalArgumentException("\"" + t + "\" is not a release id; give a workflow id (release/APP/VERSION) or APP/VERSION");
  }
}

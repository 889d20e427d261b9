package dev.shepherd.release.story;

import dev.shepherd.release.status.AuditEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The audit log. Every decision and operator action is kept. Refused signals are kept one by one up to
 * {@link #IGNORED_KEPT}; after that one summary line counts them and shows the latest, so that nobody
 * can push a decision out of the log or grow it without limit by sending junk.
 */
public final class AuditLog {

  public static final int IGNORED_KEPT = 20;
  static final String IGNORED = "IGNORED_SIGNAL";
  static final String IGNORED_SUMMARY = "IGNORED_SIGNALS";
  private static final int DETAIL_LIMIT = 500;

  private final List<AuditEntry> entries = new ArrayList<>();
  private int ignored;
  private int summaryIndex = -1;

  void record(Instant at, String actor, String action, String detail) {
    record(at, actor, action, detail, null);
  }

  void record(Instant at, String actor, String action, String detail, String identity) {
    entries.add(new AuditEntry(at, actor, action, clip(detail), identity));
  }

  /** A refused signal: kept, or counted in the summary line once {@link #IGNORED_KEPT} are kept. */
  void ignored(Instant at, String actor, String detail) {
    ignored++;
    if (ignored <= IGNORED_KEPT) {
      // The name a refused message gave is only a claim.
      record(at, actor, IGNORED, detail, "UNVERIFIED");
      return;
    }
    AuditEntry summary = new AuditEntry(at, "shepherd", IGNORED_SUMMARY, (ignored - IGNORED_KEPT)
        + " more refused signals not listed one by one; the latest from " + actor + ": " + clip(detail));
    if (summaryIndex < 0) {
      summaryIndex = entries.size();
      entries.add(summary);
    } else {
      entries.set(summaryIndex, summary);
    }
  }

  int ignoredCount() {
    return ignored;
  }

  List<AuditEntry> entries() {
    return List.copyOf(entries);
  }

  private static String clip(String s) {
    if (s == null || s.length() <= DETAIL_LIMIT) {
      return s;
    }
    return s.substring(0, DETAIL_LIMIT) + "… (" + s.length() + " characters)";
  }
}

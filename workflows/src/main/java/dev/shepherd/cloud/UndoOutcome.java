package dev.shepherd.cloud;

/** What an undo found and did. */
public enum UndoOutcome {
  /** It was where the release left it, and is now back as it was before the release. */
  RESTORED,
  /** It was already as it was before the release (never changed, or undone earlier): nothing was written. */
  UNCHANGED,
  /** Someone changed it after the release did: it was left alone, for a person to decide. */
  DRIFTED
}

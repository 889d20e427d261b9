package dev.shepherd.release.status;

/** How far one undo of the rollback plan got. */
public enum UndoState {
  /** Registered before its change was made; runs if the release rolls back. */
  REGISTERED,
  /** Being undone now. */
  RUNNING,
  /** Undone: back as it was before the release. */
  RESTORED,
  /** Nothing to undo: it was already as it was before the release. */
  UNCHANGED,
  /** Someone changed it after the release did; left alone, for a person. */
  DRIFTED,
  /** The undo failed permanently; {@code rollback} tries it again once the cause is fixed. */
  FAILED
}

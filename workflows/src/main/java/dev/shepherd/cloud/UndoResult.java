package dev.shepherd.cloud;

/**
 * What an undo did.
 *
 * @param outcome restored, unchanged or drifted
 * @param found what the undo found before acting, in words: an alias's version (and canary), a flag's
 *     value; for {@link UndoOutcome#DRIFTED}, what someone else put there
 */
public record UndoResult(UndoOutcome outcome, String found) {}

package dev.shepherd.release.status;

/**
 * One undo of the rollback plan.
 *
 * @param what what it puts back, in words (e.g. {@code payments-api:live in eu-west-1 back to version 3})
 * @param state how far it got
 * @param detail what it found, or why it failed
 */
public record UndoStatus(String what, UndoState state, String detail) {}

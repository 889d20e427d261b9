/**
 * Undo as a plan built while the release acts: each change registers its undo before it is made, and the
 * rollback runs the plan newest first, changing nothing that someone else changed since ({@code DRIFTED}).
 */
package dev.shepherd.release.rollback;

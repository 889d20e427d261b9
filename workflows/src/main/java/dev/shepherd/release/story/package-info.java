/**
 * The release's workflow: {@link dev.shepherd.release.story.ReleaseWorkflowImpl} tells the story, {@link
 * dev.shepherd.release.story.ReleaseState} holds everything it knows, and each stage has a file of its own
 * (build and test, waves, the flag, steps and pauses, the guard's alarm watch). {@link
 * dev.shepherd.release.story.Changes} declares every change running releases must not see. Its types are
 * public only so that the sibling packages (operator, rollback, lock, region) can reach them: this is the
 * release's inside, not an API.
 */
package dev.shepherd.release.story;

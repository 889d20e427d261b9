/**
 * A release, as its callers see it: the workflow's contract ({@link dev.shepherd.release.ReleaseWorkflow}),
 * what starts one ({@link dev.shepherd.release.ReleaseRequest}, {@link dev.shepherd.release.ReleaseClient}),
 * its ids, its search attributes and the failure types it ends with. The implementation is in the
 * subpackages:
 * <ul>
 *   <li>{@code story}: the release's workflow, which tells the story (lock, pre-flight, build, test, waves,
 *       flag, rollback), the state it keeps and one file per stage;
 *   <li>{@code operator}: what operators send it (approve, reject, abort, retry, rollback, abandon), the rules
 *       that judge each message and who sent it;
 *   <li>{@code rollback}: the rollback plan and its undos;
 *   <li>{@code region}: the region deployment, a child workflow per region of a wave;
 *   <li>{@code lock}: the application lock, one release per application at a time;
 *   <li>{@code status}: the status model the {@code status} query returns.
 * </ul>
 */
package dev.shepherd.release;

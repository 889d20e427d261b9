package dev.shepherd.cloud;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.shepherd.spec.Region;
import java.time.Duration;

/**
 * One run of a smoke-test hook in one region. The hook function receives, as its JSON event: {@code
 * hook} ({@code beforeTraffic} or {@code afterTraffic}), {@code releaseId}, {@code application}, {@code
 * version}, {@code region}, {@code function}, {@code alias}, {@code newVersion} and {@code previousVersion}.
 *
 * @param point when it runs
 * @param region the region it runs in
 * @param hookFunction the hook's function: a name (looked up in {@code region}), name:qualifier or ARN
 * @param timeout how long the hook may take
 * @param releaseId the release's workflow id
 * @param application the application
 * @param version the version being released
 * @param alias the deployed function and its alias in the region (recorded in histories as {@code target})
 * @param newVersion the Lambda version this release published, which the hook tests
 * @param previousVersion the version the alias served before the release
 */
public record HookRequest(
    HookPoint point,
    Region region,
    String hookFunction,
    Duration timeout,
    String releaseId,
    String application,
    String version,
    @JsonProperty("target") AliasRef alias,
    String newVersion,
    String previousVersion) {}

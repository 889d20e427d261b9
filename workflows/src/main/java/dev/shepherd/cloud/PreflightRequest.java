package dev.shepherd.cloud;

import dev.shepherd.spec.ReleaseSpec;

/**
 * What to look for before anything is touched.
 *
 * @param spec the release's spec; everything it names is checked in every region it is used in
 */
public record PreflightRequest(ReleaseSpec spec) {}

package dev.shepherd.identity;

import dev.shepherd.release.ReleaseRequest;

/**
 * A release asking to begin: what it was started with (the initiator's proof is its {@code proof}), and the
 * start as the release sees it. The statement's {@code request} digest must be that of this request.
 *
 * @param expected the start as the release sees it (action {@code start})
 * @param request the release's input: its spec, version, source version, queue flag and the initiator's
 *     proof (null for a self-asserted name)
 */
public record AdmitRequest(Binding expected, ReleaseRequest request) {}

package dev.shepherd.worker.policy;

import static dev.shepherd.worker.policy.PolicyProblems.absent;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shepherd.identity.Proof;
import dev.shepherd.spec.Durations;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads a policy's identity section: how people may prove who they are, and what vouches for them.
 *
 * @param file the policy file, whose directory the allowed-signers file is relative to
 */
record IdentitySectionReader(Path file, PolicyProblems problems) {

  /**
   * What the identity section says, with the defaults where it says nothing readable.
   *
   * @param acceptedMethods the proofs accepted, in the order listed
   * @param allowedSignersFile resolved against the policy's directory; null when ssh is not accepted
   */
  record IdentitySection(Set<String> acceptedMethods, Path allowedSignersFile, List<URI> stsEndpoints,
      Duration maxProofAge) {}

  IdentitySection read(JsonNode identity) {
    Set<String> accepted = new LinkedHashSet<>();
    Path allowedSigners = null;
    List<URI> sts = new ArrayList<>();
    Duration maxProofAge = ReleasePolicy.DEFAULT_MAX_PROOF_AGE;
    if (problems.readable(identity, "identity")) {
      accepted = accept(identity.get("accept"));
      allowedSigners = allowedSigners(identity.get("allowedSigners"), accepted.contains(Proof.SSH));
      sts = stsEndpoints(identity.get("stsEndpoints"), accepted.contains(Proof.AWS));
      maxProofAge = maxProofAge(identity.get("maxProofAge"));
    }
    return new IdentitySection(accepted, allowedSigners, sts, maxProofAge);
  }

  private Set<String> accept(JsonNode node) {
    Set<String> accepted = new LinkedHashSet<>();
    if (!problems.readable(node, "identity.accept")) {
      return accepted;
    }
    List<String> methods = problems.texts(node, "identity.accept");
    for (int i = 0; i < methods.size(); i++) {
      String method = methods.get(i);
      String path = "identity.accept[" + i + "]";
      if (method == null || !problems.readable(node.get(i), path)) {
        continue;
      }
      if (!accepted.add(method)) {
        problems.add(path + ": \"" + method + "\" is listed twice");
      }
    }
    return accepted;
  }

  private Path allowedSigners(JsonNode node, boolean sshAccepted) {
    String path = "identity.allowedSigners";
    if (absent(node)) {
      if (sshAccepted) {
        problems.add(path + ": required when accept includes ssh (the ssh-keygen allowed-signers file,"
            + " relative to the policy file)");
      }
      return null;
    }
    if (!problems.readable(node, path)) {
      return null;
    }
    String name = node.textValue();
    if (!sshAccepted) {
      problems.add(path + ": is set but identity.accept does not include ssh; remove it or accept ssh");
      return null;
    }
    if (name.isBlank()) {
      problems.add(path + ": must not be empty");
      return null;
    }
    Path resolved;
    try {
      Path dir = file.toAbsolutePath().getParent();
      resolved = dir == null ? Path.of(name) : dir.resolve(name);
    } catch (InvalidPathException e) {
      problems.add(path + ": \"" + name + "\" is not a file name (" + e.getReason() + ")");
      return null;
    }
    String at = path + ": " + resolved + ": ";
    if (Files.isDirectory(resolved)) {
      problems.add(at + "is a directory, not an allowed-signers file");
    } else if (!Files.isRegularFile(resolved)) {
      problems.add(at + (Files.exists(resolved) ? "is not a regular file (a pipe, a device or a socket)"
          : "file not found"));
    } else if (!Files.isReadable(resolved)) {
      problems.add(at + "cannot read: permission denied");
    }
    return resolved;
  }

  private List<URI> stsEndpoints(JsonNode node, boolean awsAccepted) {
    List<URI> endpoints = new ArrayList<>();
    String path = "identity.stsEndpoints";
    if (!problems.readable(node, path)) {
      return endpoints;
    }
    List<String> urls = problems.texts(node, path);
    if (!urls.isEmpty() && !awsAccepted) {
      problems.add(path + ": lists endpoints but identity.accept does not include aws; remove them or accept aws");
      return endpoints;
    }
    for (int i = 0; i < urls.size(); i++) {
      String url = urls.get(i);
      if (url == null) {
        continue;
      }
      String at = path + "[" + i + "]: \"" + url + "\" ";
      URI uri;
      try {
        uri = new URI(url);
      } catch (URISyntaxException e) {
        problems.add(at + "is not a URL (e.g. https://sts.eu-west-1.amazonaws.com)");
        continue;
      }
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!uri.isAbsolute() || uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
        problems.add(at + "is not an https URL with a host (e.g. https://sts.eu-west-1.amazonaws.com)");
      } else if (scheme.equals("http") && !isLoopback(uri.getHost())) {
        problems.add(at + "is plain http; an STS answer vouches for who someone is, so only https is trusted"
            + " (http only on localhost, for tests)");
      } else if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
        problems.add(at + "must not carry user info, a query or a fragment; give the endpoint alone");
      } else {
        endpoints.add(uri);
      }
    }
    return endpoints;
  }

  private static boolean isLoopback(String host) {
    return host.equalsIgnoreCase("localhost") || host.startsWith("127.") || host.equals("[::1]");
  }

  private Duration maxProofAge(JsonNode node) {
    String path = "identity.maxProofAge";
    if (!problems.readable(node, path)) {
      return ReleasePolicy.DEFAULT_MAX_PROOF_AGE;
    }
    Duration d = problems.duration(node, path);
    if (d == null) {
      return ReleasePolicy.DEFAULT_MAX_PROOF_AGE;
    }
    if (d.isNegative() || d.isZero()) {
      problems.add(path + ": " + Durations.format(d) + " must be longer than zero");
    } else if (d.compareTo(ReleasePolicy.MAX_PROOF_AGE) > 0) {
      problems.add(path + ": " + Durations.format(d) + " is longer than the maximum of 1h");
    }
    return d;
  }
}

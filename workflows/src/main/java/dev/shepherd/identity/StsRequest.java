package dev.shepherd.identity;

import java.util.Map;

/**
 * A presigned STS {@code GetCallerIdentity} request, as the sender's AWS SDK signed it (SigV4). The worker
 * sends it to STS exactly as it is, and STS answers with the ARN of whoever signed it: the sender's
 * credentials never leave their machine, and the request proves nothing but that identity, for minutes.
 *
 * @param url the request's URL; its host must be an STS endpoint the worker trusts
 * @param headers the headers as signed, including {@code Authorization}, {@code X-Amz-Date} and {@value
 *     #BINDING_HEADER}
 * @param body the form body, {@code Action=GetCallerIdentity&Version=2011-06-15}
 */
public record StsRequest(String url, Map<String, String> headers, String body) {

  /** The signed header that binds the request to a statement: the statement's SHA-256 in lowercase hex. */
  public static final String BINDING_HEADER = "X-Shepherd-Statement-SHA256";

  public StsRequest {
    headers = headers == null ? Map.of() : Map.copyOf(headers);
  }
}

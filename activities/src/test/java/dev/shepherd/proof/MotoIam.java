package dev.shepherd.proof;

import dev.shepherd.aws.Moto;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;

/** IAM users in moto, whose access keys sign the AWS proofs of the tests: STS names them by their ARN. */
final class MotoIam {

  private MotoIam() {}

  /** An IAM client for moto. */
  static IamClient client() {
    return IamClient.builder()
        .region(software.amazon.awssdk.regions.Region.AWS_GLOBAL)
        .endpointOverride(Moto.endpoint())
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  /** A new access key of the user, as credentials. */
  static AwsCredentialsProvider keysOf(IamClient iam, String user) {
    AccessKey key = iam.createAccessKey(r -> r.userName(user)).accessKey();
    return StaticCredentialsProvider.create(AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey()));
  }
}

package dev.shepherd.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.codebuild.CodeBuildClient;
import software.amazon.awssdk.services.s3.S3Client;

/** How calls become IAM actions, on calls written the ways production code writes them. */
class IamActionsTest {

  /** Artifact pinning as it reads S3: versions, heads and copies, in lambdas and paginators. */
  static final class ArtifactPinning {
    void pin(S3Client s3, CodeBuildClient codeBuild) {
      s3.headObject(r -> r.bucket("artifacts").key("app.zip").versionId("v1"));
      s3.getObject(r -> r.bucket("artifacts").key("app.zip").versionId("v1"));
      s3.copyObject(r -> r.sourceBucket("artifacts").sourceKey("app.zip").sourceVersionId("v1")
          .destinationBucket("pinned").destinationKey("app.zip"));
      s3.putObject(r -> r.bucket("pinned").key("manifest.json"), RequestBody.fromString("{}"));
      codeBuild.listBuildsForProjectPaginator(r -> r.projectName("payments-build")).ids().forEach(id -> { });
      s3.utilities();
      s3.close();
    }
  }

  @Test
  void operationsNeedTheirActionsAndVersionIdsNeedGetObjectVersion() {
    List<String> actions = IamActions.neededBy(new ClassFileImporter().importClasses(ArtifactPinning.class)).stream()
        .map(IamActions.Needed::action).distinct().sorted().toList();
    assertThat(actions).containsExactly("codebuild:ListBuildsForProject", "s3:GetObject", "s3:GetObjectVersion",
        "s3:PutObject");
  }

  @Test
  void theSiteNamesTheClassTheLineAndTheCall() {
    assertThat(IamActions.neededBy(new ClassFileImporter().importClasses(ArtifactPinning.class)))
        .filteredOn(n -> n.action().equals("s3:GetObjectVersion"))
        .extracting(IamActions.Needed::site)
        .anySatisfy(site -> assertThat(site).startsWith("dev.shepherd.aws.IamActionsTest$ArtifactPinning (IamActionsTest.java:")
            .endsWith(".versionId"));
  }
}

package com.darwin.compute.core.render.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden files of the history server rendering ({@code src/test/resources/golden-history}). After
 * an intended change, regenerate and review the diff:
 *
 * <pre>./mvnw -o -pl compute-core -am test -Dtest=SparkHistoryServerRendererTest \
 *     -Dgolden.update=true -Dsurefire.failIfNoSpecifiedTests=false</pre>
 */
class SparkHistoryServerRendererTest {

  static final Path DIR = Path.of("src", "test", "resources", "golden-history");
  static final boolean UPDATE = Boolean.getBoolean("golden.update");

  static final HistoryServerSettings SETTINGS =
      new HistoryServerSettings(
          "apache/spark:3.5.3",
          "IfNotPresent",
          List.of("/opt/spark/sbin/start-history-server.sh"),
          "ray",
          18080,
          "100m",
          "1",
          "512Mi",
          "2Gi",
          "com.amazonaws.auth.WebIdentityTokenCredentialsProvider",
          "/home/ray/fsx");

  record Case(String name, HistoryServerSpec spec) {
    @Override
    public String toString() {
      return name;
    }
  }

  static List<Case> cases() {
    return List.of(
        new Case(
            "s3-cluster",
            new HistoryServerSpec(
                "shs-abcdefgh01234567",
                "id-abcdefghij012345",
                "user@example.com",
                "ray",
                "s3a://darwin/darwin/temp/spark_history_server/id-abcdefghij012345",
                "/sandbox/shs-abcdefgh01234567",
                null,
                Instant.parse("2026-12-05T10:15:30.125Z"),
                null)),
        new Case(
            "workspace-project",
            new HistoryServerSpec(
                "shs-0123456789abcdef",
                "analytics-project",
                "Alice.Smith@example.com",
                "ray-east",
                "file:/home/ray/fsx/spark/eventlogs/analytics-project",
                "/east/shs-0123456789abcdef",
                "workspace-user-alice-smith-example-com-1a2b3c4d",
                Instant.parse("2026-12-05T10:15:30Z"),
                "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0")));
  }

  private static String yaml(RenderedHistoryServer rendered) {
    StringBuilder yaml = new StringBuilder();
    for (HasMetadata object : rendered.objects()) {
      String doc = Serialization.asYaml(object);
      yaml.append(doc.startsWith("---") ? doc : "---\n" + doc);
    }
    return yaml.toString();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void renderingMatchesTheGoldenFile(Case c) throws IOException {
    String rendered = yaml(new SparkHistoryServerRenderer(SETTINGS).render(c.spec()));
    Path file = DIR.resolve(c.name() + ".yaml");
    if (UPDATE) {
      Files.createDirectories(DIR);
      Files.writeString(file, rendered);
      return;
    }
    if (!Files.isRegularFile(file)) {
      fail("Golden file " + file.toAbsolutePath() + " is missing; run with -Dgolden.update=true");
    }
    assertThat(rendered).isEqualTo(Files.readString(file));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void renderingIsDeterministicAndSelectsItsOwnPod(Case c) {
    var renderer = new SparkHistoryServerRenderer(SETTINGS);
    RenderedHistoryServer first = renderer.render(c.spec());
    assertThat(yaml(first)).isEqualTo(yaml(renderer.render(c.spec())));
    Deployment deployment = first.deployment();
    Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
    assertThat(podLabels).containsAllEntriesOf(deployment.getSpec().getSelector().getMatchLabels());
    assertThat(podLabels).containsAllEntriesOf(first.service().getSpec().getSelector());
    assertThat(first.service().getMetadata().getName()).isEqualTo(c.spec().id());
    // Label values are valid even when the user is not (dots and @ become _).
    assertThat(podLabels.values())
        .allMatch(v -> v.matches("[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?"));
  }

  @Test
  void noShellAndTheWorkspaceIsReadOnly() {
    var rendered = new SparkHistoryServerRenderer(SETTINGS).render(cases().get(1).spec());
    var pod = rendered.deployment().getSpec().getTemplate().getSpec();
    assertThat(pod.getContainers().get(0).getCommand())
        .containsExactly("/opt/spark/sbin/start-history-server.sh");
    assertThat(pod.getContainers().get(0).getVolumeMounts().get(0).getReadOnly()).isTrue();
    assertThat(pod.getVolumes().get(0).getPersistentVolumeClaim().getClaimName())
        .isEqualTo("workspace-user-alice-smith-example-com-1a2b3c4d");
    String opts = pod.getContainers().get(0).getEnv().get(1).getValue();
    assertThat(opts)
        .contains(
            "-Dspark.history.fs.logDirectory=file:/home/ray/fsx/spark/eventlogs/analytics-project")
        .contains("-Dspark.ui.proxyBase=/east/shs-0123456789abcdef")
        .doesNotContain("s3a");
  }

  @Test
  void theServiceIsOwnedByTheLiveDeploymentOnceItExists() {
    var renderer = new SparkHistoryServerRenderer(SETTINGS);
    var owned = renderer.render(cases().get(1).spec()).service().getMetadata();
    assertThat(owned.getOwnerReferences()).hasSize(1);
    var owner = owned.getOwnerReferences().get(0);
    assertThat(owner.getKind()).isEqualTo("Deployment");
    assertThat(owner.getApiVersion()).isEqualTo("apps/v1");
    assertThat(owner.getName()).isEqualTo("shs-0123456789abcdef");
    assertThat(owner.getUid()).isEqualTo("0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0");
    assertThat(owner.getController()).isTrue();
    assertThat(owner.getBlockOwnerDeletion()).isNull();
    // Before the Deployment exists (a preview, the first apply) there is nothing to own it.
    assertThat(renderer.render(cases().get(0).spec()).service().getMetadata().getOwnerReferences())
        .isNullOrEmpty();
    assertThat(
            renderer.render(cases().get(0).spec()).deployment().getMetadata().getOwnerReferences())
        .isNullOrEmpty();
  }
}

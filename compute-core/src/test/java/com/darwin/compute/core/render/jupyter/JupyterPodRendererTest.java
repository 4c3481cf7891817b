package com.darwin.compute.core.render.jupyter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.darwin.compute.core.jupyter.JupyterPodManifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a standalone Jupyter pod renders to, pinned by golden files in {@code
 * src/test/resources/golden-jupyter/}. After an intended change regenerate them with
 *
 * <pre>./mvnw -o -pl compute-core -am test -Dtest=JupyterPodRendererTest -Dgolden.update=true \
 *     -Dsurefire.failIfNoSpecifiedTests=false</pre>
 *
 * and review the diff.
 */
class JupyterPodRendererTest {

  private static final Path DIR = Path.of("src", "test", "resources", "golden-jupyter");
  private static final boolean UPDATE = Boolean.getBoolean("golden.update");

  static final JupyterPodSettings SETTINGS =
      new JupyterPodSettings(
          "localhost:5000/darwin-runtime:2.37.0-py310-cpu",
          "2",
          "4Gi",
          8888,
          "workspace-shared",
          "/home/ray/fsx",
          10,
          6,
          List.of(
              new JupyterPodSettings.Peer(
                  Map.of(), Map.of("app.kubernetes.io/name", "nginx-proxy-server")),
              new JupyterPodSettings.Peer(
                  Map.of(), Map.of("app.kubernetes.io/name", "darwin-compute"))),
          null);

  @Test
  void aPoolPodWithItsOwnerMatchesTheGoldenFile() throws IOException {
    check(
        "pool-pod",
        JupyterPodRenderer.render(
            new JupyterPodInput(
                "jup-0123456789abcdef", "ray", "eks-0", 0, "6f1c2a0e-0000-4000-8000-000000000001"),
            SETTINGS));
  }

  @Test
  void aRestartedPodWithoutWorkspaceNorPeersMatchesTheGoldenFile() throws IOException {
    JupyterPodSettings bare =
        new JupyterPodSettings(
            "registry.example.com/ml/jupyter:4.2.5",
            "1",
            "2Gi",
            8888,
            null,
            "/home/ray/fsx",
            5,
            3,
            List.of(),
            "ml-registry");
    check(
        "restarted-bare-pod",
        JupyterPodRenderer.render(
            new JupyterPodInput("jup-restarted000000", "ray-east", "sandbox-east", 3, null), bare));
  }

  @Test
  void renderingIsPureAndTheServerIsSetUpForTheProxy() {
    JupyterPodInput input = new JupyterPodInput("jup-0123456789abcdef", "ray", "eks-0", 2, "u");
    RenderedJupyterPod first = JupyterPodRenderer.render(input, SETTINGS);
    assertThat(first).isEqualTo(JupyterPodRenderer.render(input, SETTINGS));

    var container = first.deployment().getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(container.getCommand())
        .contains(
            "--ServerApp.base_url=/eks-0/jup-0123456789abcdef-jupyter",
            "--IdentityProvider.token=",
            "--ServerApp.trust_xheaders=True")
        .doesNotContain("--ServerApp.disable_check_xsrf=True");
    assertThat(container.getReadinessProbe().getHttpGet().getPath())
        .isEqualTo("/eks-0/jup-0123456789abcdef-jupyter/api");
    // The proxy's route resolves {name}-kuberay-head-svc, as for a cluster's Jupyter.
    assertThat(first.service().getMetadata().getName())
        .isEqualTo("jup-0123456789abcdef-kuberay-head-svc");
    assertThat(first.service().getSpec().getType()).isEqualTo("ClusterIP");
    assertThat(first.service().getMetadata().getOwnerReferences().get(0).getUid()).isEqualTo("u");
    assertThat(first.networkPolicy().getSpec().getIngress()).hasSize(1);
    assertThat(first.networkPolicy().getSpec().getIngress().get(0).getFrom()).hasSize(2);
    assertThat(
            first.deployment().getSpec().getTemplate().getSpec().getAutomountServiceAccountToken())
        .isFalse();
  }

  @Test
  void theWorkspaceServicesCodespaceLinkOpensAFolderOfTheMountedWorkspace() {
    // A codespace without a cluster opens {jupyter link}/lab/tree/fsx/workspace/{user}/{project}/
    // {codespace}: relative to the folder Jupyter serves.
    var container =
        JupyterPodRenderer.render(
                new JupyterPodInput("jup-0123456789abcdef", "ray", "eks-0", 0, "u"), SETTINGS)
            .deployment()
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0);
    String mount = container.getVolumeMounts().get(0).getMountPath();
    String flag = "--ServerApp.root_dir=";
    String root =
        container.getCommand().stream()
            .filter(a -> a.startsWith(flag))
            .map(a -> a.substring(flag.length()))
            .findFirst()
            .orElseThrow();
    assertThat(Path.of(root).resolve("fsx/workspace/u/p/c"))
        .isEqualTo(Path.of(mount, "workspace/u/p/c"));
    assertThat(container.getWorkingDir()).isEqualTo(root);
    assertThat(container.getEnv())
        .anyMatch(e -> e.getName().equals("WORKSPACE_DIR") && e.getValue().equals(mount));
  }

  @Test
  void theHeadPodsJupyterPortIsClosedToAllButThePeers() throws IOException {
    var policy = HeadJupyterAccessPolicy.render("ray", 8888, SETTINGS);
    check("head-jupyter-access", List.of(policy));
    var rules = policy.getSpec().getIngress();
    // Every port but Jupyter's from anywhere; Jupyter's from the peers only.
    assertThat(rules.get(0).getFrom()).isNullOrEmpty();
    assertThat(rules.get(0).getPorts())
        .extracting(p -> p.getPort() == null ? null : p.getPort().getIntVal(), p -> p.getEndPort())
        .contains(
            org.assertj.core.groups.Tuple.tuple(1, 8887),
            org.assertj.core.groups.Tuple.tuple(8889, 65535));
    assertThat(rules.get(1).getFrom()).hasSize(2);
    assertThat(rules.get(1).getPorts().get(0).getPort().getIntVal()).isEqualTo(8888);
    assertThat(policy.getSpec().getPodSelector().getMatchLabels())
        .containsEntry("ray.io/node-type", "head");
  }

  @Test
  void withClustersIsolatedTheHeadPolicyOpensNoOtherPort() {
    // Policies add up: "every other port from anywhere" would undo each cluster's isolation.
    var policy = HeadJupyterAccessPolicy.render("ray", 8888, SETTINGS, true);
    var rules = policy.getSpec().getIngress();
    assertThat(rules).hasSize(1);
    assertThat(rules.get(0).getFrom()).hasSize(2);
    assertThat(rules.get(0).getPorts())
        .singleElement()
        .satisfies(p -> assertThat(p.getPort().getIntVal()).isEqualTo(8888));
  }

  private static void check(String name, RenderedJupyterPod rendered) throws IOException {
    check(name, rendered.objects());
  }

  private static void check(
      String name, List<? extends io.fabric8.kubernetes.api.model.HasMetadata> objects)
      throws IOException {
    String yaml = new JupyterPodManifest(name, List.copyOf(objects)).yaml();
    Path file = DIR.resolve(name + ".yaml");
    if (UPDATE) {
      Files.createDirectories(DIR);
      Files.writeString(file, yaml);
      return;
    }
    if (!Files.isRegularFile(file)) {
      fail(
          "Golden file "
              + file.toAbsolutePath()
              + " is missing; generate it with -Dgolden.update=true");
    }
    assertThat(yaml)
        .as(
            "rendering of '%s' differs from %s (regenerate with -Dgolden.update=true if intended)",
            name, file)
        .isEqualTo(Files.readString(file));
  }
}

package com.darwin.compute.core.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.darwin.compute.core.TestSpecs;
import com.darwin.compute.model.cluster.AdvanceConfig;
import com.darwin.compute.model.cluster.CapacityType;
import com.darwin.compute.model.cluster.ClusterRequest;
import com.darwin.compute.model.cluster.InstanceRole;
import com.darwin.compute.model.cluster.WorkerNodeConfig;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RayClusterRendererTest {

  private static final String ID = "id-abcdefghijkmnopq";
  private final RayClusterRenderer renderer = new RayClusterRenderer(TestRenderSettings.defaults());

  private RenderedCluster render(List<WorkerNodeConfig> workers) {
    return render(TestSpecs.readmeCluster(workers));
  }

  private RenderedCluster render(ClusterRequest spec) {
    return renderer.render(TestRenderSettings.input(ID, spec, "ray:2.37.0", "2.37.0"));
  }

  private static ClusterRequest withLabels(Map<String, String> labels, List<WorkerNodeConfig> w) {
    return GoldenCases.request(labels, GoldenCases.cpuHead(4, 8), w, null);
  }

  private static ClusterRequest withAdvance(AdvanceConfig advance) {
    return GoldenCases.request(
        Map.of(), GoldenCases.cpuHead(4, 8), List.of(TestSpecs.worker(2, 4, 1, 1)), advance);
  }

  private static Container ray(PodSpec pod) {
    return pod.getContainers().get(0);
  }

  private static List<String> volumeNames(PodSpec pod) {
    return pod.getVolumes().stream().map(Volume::getName).toList();
  }

  @Test
  void rendersHeadWithRayContainerFirstNamedPortsAndParams() {
    RenderedCluster rc = render(List.of(TestSpecs.worker(2, 4, 1, 2)));
    assertThat(rc.rayCluster().getApiVersion()).isEqualTo("ray.io/v1");
    assertThat(rc.rayCluster().getMetadata().getName()).isEqualTo(ID + "-kuberay");
    Map<String, String> params = rc.head().rayStartParams();
    assertThat(params).containsEntry("num-cpus", "0").containsEntry("num-gpus", "0");
    // 25% of 8 GiB
    assertThat(params.get("object-store-memory")).isEqualTo(Long.toString(2L * 1024 * 1024 * 1024));
    PodSpec pod = rc.head().template().getSpec();
    assertThat(pod.getContainers())
        .extracting(Container::getName)
        .containsExactly("ray-head", "jupyter");
    assertThat(ray(pod).getPorts())
        .extracting(p -> p.getName())
        .contains("gcs-server", "dashboard", "client", "metrics", "jupyter");
    assertThat(ray(pod).getResources().getLimits().get("cpu").toString()).isEqualTo("4");
    assertThat(ray(pod).getResources().getLimits().get("memory").toString()).isEqualTo("8Gi");
    assertThat(ray(pod).getEnv())
        .extracting(e -> e.getName())
        .startsWith("CLUSTER_ID")
        .contains("FOO", "X", "TERMINATE_AFTER", "MY_POD_IP", "SPARK_CONF_DIR");
    assertThat(ray(pod).getReadinessProbe().getExec().getCommand().get(2))
        .contains("local_raylet_healthz")
        .contains("gcs_healthz");
  }

  @Test
  void eachClusterAdmitsItsOwnPodsAndThePlatformsPeersOnly() {
    RenderedCluster rc = render(List.of(TestSpecs.worker(2, 4, 1, 2)));
    var policy = rc.networkPolicies().get(0);
    assertThat(policy.getMetadata().getName()).isEqualTo(ID + "-kuberay-isolation");
    // Every pod of the cluster: the same label on the head and the workers.
    assertThat(policy.getSpec().getPodSelector().getMatchLabels())
        .containsExactly(Map.entry("darwin.io/cluster-id", ID));
    assertThat(rc.head().template().getMetadata().getLabels())
        .containsEntry("darwin.io/cluster-id", ID);
    assertThat(rc.workers().get(0).template().getMetadata().getLabels())
        .containsEntry("darwin.io/cluster-id", ID);
    var own = policy.getSpec().getIngress().get(0);
    assertThat(own.getFrom())
        .singleElement()
        .satisfies(
            p ->
                assertThat(p.getPodSelector().getMatchLabels())
                    .containsExactly(Map.entry("darwin.io/cluster-id", ID)));
    // Its own pods reach every port but the head's Jupyter server (8888 in these settings).
    assertThat(own.getPorts())
        .noneMatch(
            p ->
                "TCP".equals(p.getProtocol())
                    && p.getPort().getIntVal() <= 8888
                    && (p.getEndPort() == null ? p.getPort().getIntVal() : p.getEndPort()) >= 8888);
    var peers = policy.getSpec().getIngress().get(1);
    assertThat(peers.getPorts()).isNullOrEmpty(); // every port
    assertThat(peers.getFrom()).hasSize(3);
    assertThat(rc.objects())
        .extracting(o -> o.getKind())
        .containsExactly("PersistentVolumeClaim", "ConfigMap", "NetworkPolicy", "RayCluster");

    RayClusterRenderer open =
        new RayClusterRenderer(
            new RenderSettings(
                TestRenderSettings.defaults().nodePools(),
                TestRenderSettings.defaults().gpu(),
                TestRenderSettings.defaults().workspace(),
                TestRenderSettings.defaults().pods(),
                ClusterNetworkSettings.open()));
    assertThat(
            open.render(
                    TestRenderSettings.input(
                        ID,
                        TestSpecs.readmeCluster(List.of(TestSpecs.worker(2, 4, 1, 2))),
                        "ray:2.37.0",
                        "2.37.0"))
                .networkPolicies())
        .isEmpty();
  }

  @Test
  @SuppressWarnings("unchecked")
  void onlyTheAutoscalerSidecarGetsTheKubernetesApiToken() {
    // Autoscaling: KubeRay binds a Role that may patch any RayCluster and pod to the head's
    // (shared) service account, so no Ray or Jupyter container may hold its token.
    RenderedCluster scaling = render(List.of(TestSpecs.worker(2, 4, 1, 3)));
    assertThat(scaling.autoscaling()).isTrue();
    List<PodSpec> pods = new java.util.ArrayList<>();
    pods.add(scaling.head().template().getSpec());
    scaling.workers().forEach(w -> pods.add(w.template().getSpec()));
    for (PodSpec pod : pods) {
      assertThat(pod.getAutomountServiceAccountToken()).isFalse();
      for (Container container : pod.getContainers()) {
        assertThat(container.getVolumeMounts())
            .as(container.getName())
            .noneMatch(m -> m.getMountPath().startsWith("/var/run/secrets/kubernetes.io"))
            .noneMatch(m -> m.getName().equals(AutoscalerApiAccess.VOLUME));
      }
    }
    PodSpec head = scaling.head().template().getSpec();
    Volume token =
        head.getVolumes().stream()
            .filter(v -> v.getName().equals(AutoscalerApiAccess.VOLUME))
            .findFirst()
            .orElseThrow();
    assertThat(token.getProjected().getSources().get(0).getServiceAccountToken().getPath())
        .isEqualTo("token");
    Map<String, Object> spec =
        (Map<String, Object>) scaling.rayCluster().getAdditionalProperties().get("spec");
    Map<String, Object> options = (Map<String, Object>) spec.get("autoscalerOptions");
    List<Map<String, Object>> mounts = (List<Map<String, Object>>) options.get("volumeMounts");
    assertThat(mounts)
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.get("name")).isEqualTo(AutoscalerApiAccess.VOLUME);
              assertThat(m.get("mountPath"))
                  .isEqualTo("/var/run/secrets/kubernetes.io/serviceaccount");
            });
    // Without the autoscaler no pod needs the API at all.
    RenderedCluster fixed = render(List.of(TestSpecs.worker(2, 4, 2, 2)));
    assertThat(fixed.autoscaling()).isFalse();
    assertThat(fixed.head().template().getSpec().getAutomountServiceAccountToken()).isFalse();
    assertThat(volumeNames(fixed.head().template().getSpec()))
        .doesNotContain(AutoscalerApiAccess.VOLUME);
    assertThat(
            ((Map<String, Object>) fixed.rayCluster().getAdditionalProperties().get("spec"))
                .containsKey("autoscalerOptions"))
        .isFalse();
  }

  @Test
  void autoscalingGroupsLeaveReplicasToTheAutoscaler() {
    RenderedCluster rc = render(List.of(TestSpecs.worker(2, 4, 1, 3)));
    assertThat(rc.autoscaling()).isTrue();
    WorkerGroup group = rc.workers().get(0);
    assertThat(group.replicas()).isNull();
    assertThat(group.toSpec()).doesNotContainKey("replicas").doesNotContainKey("scaleStrategy");
    assertThat(group.minReplicas()).isEqualTo(1);
    assertThat(group.maxReplicas()).isEqualTo(3);
    assertThat(Serialization.asJson(rc.rayCluster())).contains("\"enableInTreeAutoscaling\":true");
  }

  @Test
  void fixedSizeGroupsOwnTheirReplicasAndGetPythonGroupNames() {
    RenderedCluster rc =
        render(List.of(TestSpecs.worker(2, 4, 2, 2), TestSpecs.worker(1, 2, 1, 1)));
    assertThat(rc.autoscaling()).isFalse();
    assertThat(rc.workers()).extracting(WorkerGroup::groupName).containsExactly("wg", "wg1");
    assertThat(rc.workers()).extracting(WorkerGroup::replicas).containsExactly(2, 1);
  }

  @Test
  void headOnlyClusterOffersTheHeadsCpusToRay() {
    RenderedCluster rc = render(List.of());
    assertThat(rc.head().rayStartParams()).containsEntry("num-cpus", "4");
    assertThat(rc.workers()).isEmpty();
  }

  @Test
  void gpuWorkersGetGpuLimitsTolerationsAndTheirInstanceFamily() {
    RenderedCluster rc =
        render(List.of(GoldenCases.gpu(GoldenCases.T4_X4, 0, 2, CapacityType.SPOT)));
    WorkerGroup group = rc.workers().get(0);
    PodSpec pod = group.template().getSpec();
    assertThat(ray(pod).getResources().getLimits().get("nvidia.com/gpu").toString()).isEqualTo("4");
    assertThat(ray(pod).getResources().getLimits().get("cpu").toString()).isEqualTo("40");
    assertThat(group.rayStartParams()).containsEntry("num-gpus", "4");
    assertThat(pod.getNodeSelector())
        .containsEntry("karpenter.k8s.aws/instance-family", "g4dn")
        .containsEntry("karpenter.sh/capacity-type", "spot")
        .containsEntry("darwin.io/node-pool", "gpu");
    assertThat(pod.getTolerations())
        .extracting(Toleration::getKey)
        .containsExactly("darwin.io/spot", "nvidia.com/gpu");
    // The head stays a CPU pod with no GPU in Ray's view.
    PodSpec head = rc.head().template().getSpec();
    assertThat(rc.head().rayStartParams()).containsEntry("num-gpus", "0");
    assertThat(ray(head).getResources().getLimits()).doesNotContainKey("nvidia.com/gpu");
    assertThat(head.getTolerations()).isNullOrEmpty();
    assertThat(head.getNodeSelector()).containsEntry("karpenter.sh/capacity-type", "on-demand");
  }

  @Test
  void aGpuHeadOffersItsGpus() {
    RenderedCluster rc = GoldenCases.named("gpu-head").render();
    assertThat(rc.head().rayStartParams()).containsEntry("num-gpus", "1");
    PodSpec head = rc.head().template().getSpec();
    assertThat(ray(head).getResources().getLimits().get("nvidia.com/gpu").toString())
        .isEqualTo("1");
    assertThat(head.getNodeSelector()).containsEntry("karpenter.k8s.aws/instance-family", "g5");
    assertThat(head.getTolerations()).extracting(Toleration::getKey).contains("nvidia.com/gpu");
  }

  @Test
  void workspaceIsOnTheHeadOnlyWithoutTheSharedLabel() {
    RenderedCluster rc = render(withLabels(Map.of(), List.of(TestSpecs.worker(2, 4, 1, 1))));
    PodSpec head = rc.head().template().getSpec();
    PodSpec worker = rc.workers().get(0).template().getSpec();
    assertThat(volumeNames(head)).contains("workspace");
    assertThat(ray(head).getVolumeMounts())
        .anyMatch(m -> m.getName().equals("workspace") && m.getMountPath().equals("/home/ray/fsx"));
    assertThat(head.getContainers().get(1).getVolumeMounts())
        .anyMatch(m -> m.getMountPath().equals("/home/ray/fsx"));
    assertThat(volumeNames(worker)).doesNotContain("workspace");
    assertThat(ray(worker).getEnv()).noneMatch(e -> e.getName().equals("WORKSPACE_DIR"));
  }

  @Test
  void theWorkspaceServicesCodespaceLinkOpensAFolderOfTheHeadsWorkspace() {
    // The workspace service attaches a codespace as {jupyter link}/lab/tree/fsx/workspace/{user}/
    // {project}/{codespace}: relative to the folder Jupyter serves.
    RenderedCluster rc = render(withLabels(Map.of(), List.of(TestSpecs.worker(2, 4, 1, 1))));
    var jupyter = rc.head().template().getSpec().getContainers().get(1);
    String mount =
        jupyter.getVolumeMounts().stream()
            .filter(m -> m.getName().equals("workspace"))
            .findFirst()
            .orElseThrow()
            .getMountPath();
    String root = servedFolder(jupyter.getCommand());
    assertThat(java.nio.file.Path.of(root).resolve("fsx/workspace/u/p/c"))
        .isEqualTo(java.nio.file.Path.of(mount, "workspace/u/p/c"));
    assertThat(jupyter.getWorkingDir()).isEqualTo(root);
  }

  static String servedFolder(List<String> command) {
    String flag = "--ServerApp.root_dir=";
    return command.stream()
        .filter(a -> a.startsWith(flag))
        .map(a -> a.substring(flag.length()))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void theSharedWorkspaceLabelMountsItOnEveryWorkerGroup() {
    RenderedCluster rc =
        render(
            withLabels(
                Map.of("workspace", "shared"),
                List.of(TestSpecs.worker(2, 4, 1, 1), TestSpecs.worker(4, 8, 1, 2))));
    String claim =
        rc.head().template().getSpec().getVolumes().stream()
            .filter(v -> v.getName().equals("workspace"))
            .findFirst()
            .orElseThrow()
            .getPersistentVolumeClaim()
            .getClaimName();
    for (WorkerGroup group : rc.workers()) {
      PodSpec pod = group.template().getSpec();
      assertThat(pod.getVolumes())
          .anyMatch(
              v ->
                  v.getName().equals("workspace")
                      && v.getPersistentVolumeClaim().getClaimName().equals(claim));
      assertThat(ray(pod).getVolumeMounts())
          .anyMatch(m -> m.getMountPath().equals("/home/ray/fsx"));
    }
    // Only the exact value counts.
    RenderedCluster notShared =
        render(withLabels(Map.of("workspace", "private"), List.of(TestSpecs.worker(2, 4, 1, 1))));
    assertThat(volumeNames(notShared.workers().get(0).template().getSpec()))
        .doesNotContain("workspace");
  }

  @Test
  void theWorkspaceClaimIsStablePerOwnerAndOwnedByNoCluster() {
    RenderedCluster a = render(withLabels(Map.of(), List.of()));
    RenderedCluster b =
        renderer.render(
            TestRenderSettings.input(
                "id-other2345678abcd",
                withLabels(Map.of("x", "y"), List.of()),
                "ray:2.37.0",
                "2.37.0"));
    assertThat(a.workspaceClaims()).hasSize(1);
    var claim = a.workspaceClaims().get(0);
    assertThat(claim.getMetadata().getName())
        .isEqualTo(b.workspaceClaims().get(0).getMetadata().getName())
        .startsWith("workspace-user-data-scientist-example-com-");
    assertThat(claim.getMetadata().getOwnerReferences()).isNullOrEmpty();
    assertThat(claim.getMetadata().getLabels()).doesNotContainKey(ResourceNames.CLUSTER_ID_LABEL);
    assertThat(claim.getSpec().getAccessModes()).containsExactly("ReadWriteMany");
    // A different owner gets a different claim, even when the names read alike.
    assertThat(ResourceNames.workspaceClaim("workspace", "user", "a.b@x.io"))
        .isNotEqualTo(ResourceNames.workspaceClaim("workspace", "user", "a-b@x.io"));
  }

  @Test
  void projectScopedWorkspacesFollowTheProjectLabelAndFallBackToTheOwner() {
    RayClusterRenderer byProject =
        new RayClusterRenderer(
            TestRenderSettings.withWorkspace(
                TestRenderSettings.workspace(WorkspaceSettings.ClaimScope.PROJECT)));
    String withProject =
        byProject
            .render(
                TestRenderSettings.input(
                    ID, withLabels(Map.of("project", "churn"), List.of()), "ray:2.37.0", "2.37.0"))
            .workspaceClaims()
            .get(0)
            .getMetadata()
            .getName();
    String without =
        byProject
            .render(
                TestRenderSettings.input(
                    ID, withLabels(Map.of(), List.of()), "ray:2.37.0", "2.37.0"))
            .workspaceClaims()
            .get(0)
            .getMetadata()
            .getName();
    assertThat(withProject).startsWith("workspace-project-churn-");
    assertThat(without).startsWith("workspace-user-");
  }

  @Test
  void theInitScriptIsAConfigMapRunBeforeRayStarts() {
    RenderedCluster rc =
        render(
            withAdvance(
                new AdvanceConfig(null, null, "pip install x\r\necho hi", null, null, null, null)));
    var cm =
        rc.configMaps().stream()
            .filter(c -> c.getMetadata().getName().equals(ID + "-kuberay-init"))
            .findFirst()
            .orElseThrow();
    assertThat(cm.getData().get("init.sh")).isEqualTo("pip install x\necho hi\n");
    assertThat(cm.getData().get("run-init.sh"))
        .contains("timeout -k 10 300 bash -e /etc/darwin/init/init.sh")
        .contains("exit 0");
    for (PodSpec pod :
        List.of(rc.head().template().getSpec(), rc.workers().get(0).template().getSpec())) {
      assertThat(ray(pod).getCommand()).containsExactly("bash", "/etc/darwin/init/run-init.sh");
      assertThat(volumeNames(pod)).contains("init-script");
    }
    // The Jupyter container is not the Ray container: KubeRay leaves its command alone.
    assertThat(rc.head().template().getSpec().getContainers().get(1).getCommand())
        .startsWith("jupyter");

    RenderedCluster none = render(withAdvance(null));
    assertThat(none.configMaps())
        .extracting(c -> c.getMetadata().getName())
        .containsExactly(ID + "-kuberay-spark");
    assertThat(ray(none.head().template().getSpec()).getCommand()).isNullOrEmpty();
  }

  @Test
  void aChangedInitScriptChangesThePodTemplates() {
    String a =
        configHash(
            render(withAdvance(new AdvanceConfig(null, null, "echo a", null, null, null, null))));
    String b =
        configHash(
            render(withAdvance(new AdvanceConfig(null, null, "echo b", null, null, null, null))));
    assertThat(a).isNotEqualTo(b);
  }

  private static String configHash(RenderedCluster rc) {
    return rc.head()
        .template()
        .getMetadata()
        .getAnnotations()
        .get(ResourceNames.CONFIG_HASH_ANNOTATION);
  }

  @Test
  void sparkDefaultsHoldTheUsersConfigAndTheProxySettings() {
    Map<String, Object> spark = new LinkedHashMap<>();
    spark.put("spark.executor.memory", "4g");
    spark.put("spark.sql.shuffle.partitions", 64);
    RenderedCluster rc =
        render(withAdvance(new AdvanceConfig(null, null, null, null, null, null, spark)));
    String conf = rc.configMaps().get(0).getData().get("spark-defaults.conf");
    assertThat(conf)
        .contains("spark.executor.memory 4g\n")
        .contains("spark.sql.shuffle.partitions 64\n")
        .contains("spark.ui.proxyBase /sandbox/" + ID + "-sparkui\n")
        .contains("spark.ui.prometheus.enabled true\n");
  }

  /** Spark reads the file with java.util.Properties: every value must come back as it was sent. */
  @Test
  void sparkDefaultsGiveSparkBackEachValueAsSent() throws java.io.IOException {
    Map<String, Object> spark = new LinkedHashMap<>();
    spark.put("spark.driver.extraJavaOptions", "-Dp=C:\\users\\x");
    spark.put("spark.redaction.regex", "(?i)\\bsecret\\b");
    spark.put("spark.foo", "=bar");
    spark.put("spark.bar", ":baz");
    spark.put("spark.baz", "ends\\");
    spark.put("spark.unicode", "caf\u00e9 \\u00e9");
    RenderedCluster rc =
        render(withAdvance(new AdvanceConfig(null, null, null, null, null, null, spark)));
    java.util.Properties read = new java.util.Properties();
    read.load(
        new java.io.StringReader(rc.configMaps().get(0).getData().get("spark-defaults.conf")));
    spark.forEach((key, value) -> assertThat(read.getProperty(key)).as(key).isEqualTo(value));
  }

  @Test
  void theServiceAccountComesFromTheInstanceRole() {
    assertThat(serviceAccount(null)).isEqualTo("darwin-ds-role");
    assertThat(serviceAccount(new InstanceRole("2", null, null)))
        .isEqualTo("prod-finance-server-role");
    assertThat(serviceAccount(new InstanceRole(null, "prod-finance-server-role", null)))
        .isEqualTo("prod-finance-server-role");
  }

  private String serviceAccount(InstanceRole role) {
    RenderedCluster rc =
        render(withAdvance(new AdvanceConfig(null, null, null, role, null, null, null)));
    String head = rc.head().template().getSpec().getServiceAccountName();
    assertThat(rc.workers().get(0).template().getSpec().getServiceAccountName()).isEqualTo(head);
    return head;
  }

  @Test
  void envFromSecretsBecomeSecretRefsOnEveryContainerAfterTheExplicitEnvironment() {
    AdvanceConfig advance =
        new AdvanceConfig(
            "TOKEN=secret:api-keys/token",
            null,
            null,
            null,
            null,
            null,
            null,
            List.of("team-creds", "db.readonly"));
    RenderedCluster rc = render(withAdvance(advance));
    PodSpec head = rc.head().template().getSpec();
    PodSpec worker = rc.workers().get(0).template().getSpec();
    for (Container c : List.of(ray(head), head.getContainers().get(1), ray(worker))) {
      assertThat(c.getEnvFrom())
          .as(c.getName())
          .extracting(e -> e.getSecretRef().getName())
          .containsExactly("team-creds", "db.readonly");
      assertThat(c.getEnvFrom()).allSatisfy(e -> assertThat(e.getConfigMapRef()).isNull());
      // the single-key form still renders as secretKeyRef beside it
      assertThat(c.getEnv())
          .filteredOn(e -> e.getName().equals("TOKEN"))
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.getValue()).isNull();
                assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("api-keys");
              });
    }
    String yaml = Serialization.asYaml(rc.rayCluster());
    assertThat(yaml).contains("envFrom:").contains("secretRef:").contains("name: \"team-creds\"");
  }

  @Test
  void withoutEnvFromSecretsNoEnvFromIsRendered() {
    RenderedCluster rc = render(List.of(TestSpecs.worker(2, 4, 1, 1)));
    assertThat(ray(rc.head().template().getSpec()).getEnvFrom()).isNullOrEmpty();
    assertThat(Serialization.asYaml(rc.rayCluster())).doesNotContain("envFrom");
  }

  @Test
  void invalidStoredSecretNamesAreSkippedWhenRendering() {
    assertThat(
            EnvironmentVariables.validSecretSources(
                Arrays.asList("ok", "Bad_Name", null, "ok", "-x", "a.b-c")))
        .containsExactly("ok", "a.b-c");
    assertThat(EnvironmentVariables.secretNameProblem("team-creds")).isNull();
    assertThat(EnvironmentVariables.secretNameProblem("a".repeat(254))).isNotNull();
    assertThat(EnvironmentVariables.secretNameProblem("x;rm -rf /")).contains("not a Kubernetes");
  }

  @Test
  void diskSettingsBecomeEphemeralVolumesOfThatSizeAndClass() {
    RenderedCluster rc = GoldenCases.named("disks").render();
    Volume head = volume(rc.head().template().getSpec(), "scratch-disk");
    var headClaim = head.getEphemeral().getVolumeClaimTemplate().getSpec();
    assertThat(headClaim.getStorageClassName()).isEqualTo("gp2");
    assertThat(headClaim.getResources().getRequests().get("storage").toString()).isEqualTo("50Gi");
    var workerClaim =
        volume(rc.workers().get(0).template().getSpec(), "scratch-disk")
            .getEphemeral()
            .getVolumeClaimTemplate()
            .getSpec();
    assertThat(workerClaim.getStorageClassName()).isEqualTo("gp3");
    assertThat(workerClaim.getResources().getRequests().get("storage").toString())
        .isEqualTo("200Gi");
    assertThat(ray(rc.workers().get(0).template().getSpec()).getVolumeMounts())
        .anyMatch(m -> m.getName().equals("scratch-disk") && m.getMountPath().equals("/tmp/disk"));
  }

  private static Volume volume(PodSpec pod, String name) {
    return pod.getVolumes().stream()
        .filter(v -> v.getName().equals(name))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void newRayVersionsGetTheSingleHttpHealthCheck() {
    RenderedCluster rc = GoldenCases.named("ray-2-53-autoscaling").render();
    var probe = ray(rc.head().template().getSpec()).getLivenessProbe();
    assertThat(probe.getHttpGet().getPath()).isEqualTo("/api/healthz");
    assertThat(probe.getHttpGet().getPort().getIntVal()).isEqualTo(52365);
    assertThat(probe.getExec()).isNull();
  }

  @Test
  void outputDoesNotDependOnTheOrderLabelsAndSparkConfigWereGivenIn() {
    Map<String, String> ab = new LinkedHashMap<>();
    ab.put("a", "1");
    ab.put("b", "2");
    Map<String, String> ba = new LinkedHashMap<>();
    ba.put("b", "2");
    ba.put("a", "1");
    String one = Serialization.asYaml(render(withLabels(ab, List.of())).rayCluster());
    String two = Serialization.asYaml(render(withLabels(ba, List.of())).rayCluster());
    assertThat(one).isEqualTo(two);
  }

  @Test
  void ownerBecomesAValidLabelValue() {
    assertThat(ResourceNames.labelValue("user@example.com")).isEqualTo("user_example.com");
    assertThat(ResourceNames.labelValue("-x-")).isEqualTo("x");
    assertThat(ResourceNames.labelValue("a".repeat(80))).hasSize(63);
  }
}

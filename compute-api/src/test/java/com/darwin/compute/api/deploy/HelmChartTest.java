package com.darwin.compute.api.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code helm/darwin-compute} rendered by the real helm (helm-java bundles it as a native library,
 * no cluster and no binary on the PATH needed), linted, and its objects checked against the
 * Kubernetes schemas offline ({@link KubernetesModelCheck}) and against each other.
 */
class HelmChartTest {

  private static final Path CHART = RepositoryFiles.root().resolve("helm/darwin-compute");

  @Test
  void theChartLintsCleanly() {
    LintResult lint = new Helm(CHART).lint().strict().call();
    assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
  }

  @Test
  void defaultValuesRenderValidObjectsThatFitTogether() {
    List<HasMetadata> objects = render(Map.of());

    assertThat(objects)
        .extracting(HasMetadata::getKind)
        .containsExactlyInAnyOrder(
            "ServiceAccount",
            "Role",
            "RoleBinding",
            "Deployment",
            "Service",
            "PodDisruptionBudget");
    Deployment deployment = one(objects, Deployment.class);
    Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
    Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();

    assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
    assertThat(podLabels).containsAllEntriesOf(deployment.getSpec().getSelector().getMatchLabels());
    assertThat(podLabels).containsAllEntriesOf(one(objects, Service.class).getSpec().getSelector());
    assertThat(one(objects, Service.class).getSpec().getPorts().get(0).getTargetPort().getStrVal())
        .isIn(container.getPorts().stream().map(p -> p.getName()).toList());
    assertThat(container.getImage()).isEqualTo("darwin/compute-api:0.1.0");

    // Probes on the health groups: readiness follows MySQL (and a new search index's fill),
    // liveness only the process.
    assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/livez");
    // A minute of busy request threads (a hung dependency under load) is not a dead process.
    var liveness = container.getLivenessProbe();
    assertThat(liveness.getTimeoutSeconds()).isGreaterThanOrEqualTo(5);
    assertThat(liveness.getPeriodSeconds() * liveness.getFailureThreshold())
        .isGreaterThanOrEqualTo(60);
    assertThat(container.getStartupProbe().getHttpGet().getPath()).isEqualTo("/livez");
    var startup = container.getStartupProbe();
    assertThat(startup.getPeriodSeconds() * startup.getFailureThreshold()).isEqualTo(180);
    // Every probe waits longer than the checks behind it may take: the kubelet's default (1 s)
    // gave up on a readiness whose database check may rightly take 2 s, or wait 3 s for a
    // connection.
    for (var probe :
        List.of(container.getReadinessProbe(), startup, container.getLivenessProbe())) {
      assertThat(probe.getTimeoutSeconds())
          .isNotNull()
          .isGreaterThan(databaseHealthTimeoutSeconds())
          .isGreaterThanOrEqualTo(poolConnectionTimeoutSeconds());
    }
    // A start that migrates a large table is given longer.
    var longer = container(render(Map.of("startupSeconds", "900"))).getStartupProbe();
    assertThat(longer.getPeriodSeconds() * longer.getFailureThreshold()).isEqualTo(900);
    assertThat(deployment.getSpec().getTemplate().getMetadata().getAnnotations())
        .containsEntry("prometheus.io/path", "/actuator/prometheus")
        .containsEntry("prometheus.io/port", "8000");

    // The heap is MaxRAMPercentage of the limit (the Dockerfile's JAVA_OPTS); the rest of the
    // limit must hold what the JVM takes besides it (B6: ~380 MB resident with a 112 MB heap).
    Quantity limit = container.getResources().getLimits().get("memory");
    long limitBytes = Quantity.getAmountInBytes(limit).longValueExact();
    long heapBytes = limitBytes * maxRamPercentage() / 100;
    assertThat(limitBytes - heapBytes).isGreaterThanOrEqualTo(384L << 20);
    assertThat(limit).isEqualTo(new Quantity("768Mi"));
    assertThat(container.getResources().getRequests().get("memory")).isEqualTo(limit);

    // Every variable is a property the application reads.
    assertThat(propertiesOf(container))
        .containsEntry("SPRING_DATASOURCE_URL", "spring.datasource.url")
        .containsEntry("SPRING_DATASOURCE_PASSWORD", "spring.datasource.password")
        .containsEntry("COMPUTE_SEARCH_URL", "compute.search.url")
        .containsEntry(
            "COMPUTE_KUBERNETES_TARGETS_DEFAULT_NAMESPACE",
            "compute.kubernetes.targets.default.namespace")
        .containsEntry("COMPUTE_DASHBOARDS_HOST", "compute.dashboards.host")
        .doesNotContainKey("MANAGEMENT_TRACING_EXPORT_ENABLED")
        .doesNotContainKey("SPRING_AOT_ENABLED");

    // RBAC: the Role is in the Ray namespace and bound to the pods' service account.
    String serviceAccount = deployment.getSpec().getTemplate().getSpec().getServiceAccountName();
    assertThat(one(objects, ServiceAccount.class).getMetadata().getName())
        .isEqualTo(serviceAccount);
    assertThat(one(objects, Role.class).getMetadata().getNamespace()).isEqualTo("ray");
    // Libraries and remote commands: the exec API in the Ray namespace.
    assertThat(one(objects, Role.class).getRules())
        .anyMatch(r -> r.getResources().contains("pods/exec") && r.getVerbs().contains("create"));
    // The Jupyter pods' Services and NetworkPolicies are watched (JupyterPodObserver): without
    // list and watch, its caches never sync and the pool keeper does nothing.
    for (String watched : List.of("deployments", "pods", "services", "networkpolicies")) {
      assertThat(one(objects, Role.class).getRules())
          .as("list and watch %s", watched)
          .anyMatch(
              r ->
                  r.getResources().contains(watched)
                      && r.getVerbs().containsAll(List.of("list", "watch")));
    }
    RoleBinding binding = one(objects, RoleBinding.class);
    assertThat(binding.getRoleRef().getName())
        .isEqualTo(one(objects, Role.class).getMetadata().getName());
    assertThat(binding.getSubjects().get(0).getName()).isEqualTo(serviceAccount);
    assertThat(binding.getSubjects().get(0).getNamespace()).isEqualTo("compute");
  }

  /**
   * A stopping pod serves on until its callers know it is leaving, and then has the time its own
   * drain takes; a drain of nodes takes one replica at a time, and the replicas prefer other nodes.
   */
  @Test
  void aStoppingPodDrainsWithinItsGraceAndDisruptionsTakeOneReplicaAtATime() throws IOException {
    List<HasMetadata> objects = render(Map.of());
    Deployment deployment = one(objects, Deployment.class);
    var pod = deployment.getSpec().getTemplate().getSpec();
    Container container = container(objects);

    List<String> preStop = container.getLifecycle().getPreStop().getExec().getCommand();
    assertThat(preStop).hasSize(2).startsWith("sleep");
    int drainDelay = Integer.parseInt(preStop.get(1));
    assertThat(drainDelay).isBetween(5, 30);
    // Phases that may each take the whole timeout: the reconciler's stop, the web server's
    // drain, the scheduled jobs' end.
    String settings =
        Files.readString(
            RepositoryFiles.root().resolve("compute-api/src/main/resources/application.yml"));
    var phase =
        Pattern.compile("timeout-per-shutdown-phase: (\\d+)s").matcher(settings).results().toList();
    assertThat(phase).hasSize(1);
    int perPhase = Integer.parseInt(phase.get(0).group(1));
    assertThat(pod.getTerminationGracePeriodSeconds())
        .isGreaterThanOrEqualTo(drainDelay + 3L * perPhase);

    PodDisruptionBudget budget = one(objects, PodDisruptionBudget.class);
    assertThat(budget.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
    // Unready replicas (every one while MySQL is down) do not hold a drain up.
    assertThat(budget.getSpec().getUnhealthyPodEvictionPolicy()).isEqualTo("AlwaysAllow");
    assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
        .containsAllEntriesOf(budget.getSpec().getSelector().getMatchLabels());
    var spread =
        pod.getAffinity()
            .getPodAntiAffinity()
            .getPreferredDuringSchedulingIgnoredDuringExecution()
            .get(0)
            .getPodAffinityTerm();
    assertThat(spread.getTopologyKey()).isEqualTo("kubernetes.io/hostname");
    assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
        .containsAllEntriesOf(spread.getLabelSelector().getMatchLabels());

    // A delay that leaves the service no time of its own is refused at render.
    assertThatThrownBy(
            () ->
                render(
                    Map.of(
                        "shutdown.drainDelaySeconds", "90",
                        "shutdown.terminationGracePeriodSeconds", "60")))
        .hasMessageContaining("shutdown.drainDelaySeconds (90) must be below");

    // One replica: a budget of one unavailable would let a drain take the only pod anyway, and
    // there is nothing to spread.
    List<HasMetadata> single = render(Map.of("replicas", "1"));
    assertThat(single).noneMatch(PodDisruptionBudget.class::isInstance);
    assertThat(one(single, Deployment.class).getSpec().getTemplate().getSpec().getAffinity())
        .isNull();
  }

  /**
   * The pods run as the image's user, not root, with no privilege to gain and a read-only root
   * filesystem; what the service writes goes to an emptyDir at /tmp (java.io.tmpdir).
   */
  @Test
  void thePodsRunUnprivilegedOnAReadOnlyRootWithTheirOwnTmp() {
    List<HasMetadata> objects = render(Map.of());
    PodSpec pod = one(objects, Deployment.class).getSpec().getTemplate().getSpec();
    Container container = container(objects);

    PodSecurityContext podSecurity = pod.getSecurityContext();
    long imageUser = dockerfileUser();
    assertThat(podSecurity.getRunAsNonRoot()).isTrue();
    assertThat(podSecurity.getRunAsUser()).isEqualTo(imageUser);
    assertThat(podSecurity.getRunAsGroup()).isEqualTo(imageUser);
    assertThat(podSecurity.getFsGroup()).isEqualTo(imageUser);
    assertThat(podSecurity.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");

    SecurityContext security = container.getSecurityContext();
    assertThat(security.getAllowPrivilegeEscalation()).isFalse();
    assertThat(security.getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(security.getCapabilities().getAdd()).isNullOrEmpty();
    assertThat(security.getReadOnlyRootFilesystem()).isTrue();
    assertThat(security.getPrivileged()).isNotEqualTo(Boolean.TRUE);

    // The only writable place: /tmp, an emptyDir on the node's disk (in memory it would count
    // against the memory limit), with room for the uploads spooled there (4 x 100MB by default).
    assertThat(container.getVolumeMounts())
        .singleElement()
        .satisfies(m -> assertThat(m.getMountPath()).isEqualTo("/tmp"))
        .satisfies(m -> assertThat(m.getReadOnly()).isNotEqualTo(Boolean.TRUE));
    Volume tmp =
        pod.getVolumes().stream()
            .filter(v -> v.getName().equals(container.getVolumeMounts().get(0).getName()))
            .findFirst()
            .orElseThrow();
    assertThat(tmp.getEmptyDir()).isNotNull();
    assertThat(tmp.getEmptyDir().getMedium()).isNullOrEmpty();
    assertThat(Quantity.getAmountInBytes(tmp.getEmptyDir().getSizeLimit()).longValueExact())
        .isGreaterThan(4L * 100 * 1024 * 1024);
    // The image writes nowhere else at run time: its entrypoint only starts java, from files
    // made at build (/app, the class data sharing archive read, not written).
    assertThat(entrypoint()).doesNotContain("ArchiveClassesAtExit");

    // A private registry's pull secrets, none by default.
    assertThat(pod.getImagePullSecrets()).isNullOrEmpty();
    PodSpec pulling =
        one(
                render(
                    Map.of(
                        "image.pullSecrets[0]", "regcred",
                        "image.pullSecrets[1]", "mirror")),
                Deployment.class)
            .getSpec()
            .getTemplate()
            .getSpec();
    assertThat(pulling.getImagePullSecrets())
        .extracting(LocalObjectReference::getName)
        .containsExactly("regcred", "mirror");
  }

  /**
   * The host of every link users are given has no usable default (localhost: the user's own
   * machine), so the chart refuses to render without it.
   */
  @Test
  void theDashboardsHostIsRequiredAndReachesTheApplication() {
    Container container = container(render(Map.of("dashboards.host", "darwin.example.com")));
    assertThat(propertiesOf(container))
        .containsEntry("COMPUTE_DASHBOARDS_HOST", "compute.dashboards.host");
    assertThat(env(container, "COMPUTE_DASHBOARDS_HOST")).isEqualTo("darwin.example.com");

    assertThatThrownBy(() -> render(Map.of("dashboards.host", "")))
        .hasMessageContaining("dashboards.host is required");

    // The runtime images' registry: required, bound to compute.runtimes.image-registry.
    assertThat(propertiesOf(container))
        .containsEntry("COMPUTE_RUNTIMES_IMAGE_REGISTRY", "compute.runtimes.image-registry");
    assertThat(env(container, "COMPUTE_RUNTIMES_IMAGE_REGISTRY")).isEqualTo("registry.test/ml");
    assertThatThrownBy(() -> render(Map.of("runtimes.imageRegistry", "")))
        .hasMessageContaining("runtimes.imageRegistry is required");
  }

  /** A probe timeout shorter than the database check's 2 s is refused at render. */
  @Test
  void aProbeTimeoutShorterThanTheChecksIsRefused() {
    Container longer = container(render(Map.of("probeTimeoutSeconds", "8")));
    assertThat(longer.getReadinessProbe().getTimeoutSeconds()).isEqualTo(8);
    assertThat(longer.getStartupProbe().getTimeoutSeconds()).isEqualTo(8);
    assertThat(longer.getLivenessProbe().getTimeoutSeconds()).isEqualTo(8);
    assertThatThrownBy(() -> render(Map.of("probeTimeoutSeconds", "1")))
        .hasMessageContaining("probeTimeoutSeconds (1) must be at least 3");
  }

  @Test
  void tracingAndOtherValuesReachTheApplicationAsItsProperties() {
    List<HasMetadata> objects =
        render(
            Map.of(
                "replicas", "3",
                "rayNamespace", "ray-prod",
                "tracing.otlpEndpoint", "http://otel-collector:4318/v1/traces",
                "metrics.scrapeAnnotations", "false"));

    Deployment deployment = one(objects, Deployment.class);
    Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(3);
    assertThat(deployment.getSpec().getTemplate().getMetadata().getAnnotations()).isNullOrEmpty();
    assertThat(one(objects, Role.class).getMetadata().getNamespace()).isEqualTo("ray-prod");
    assertThat(propertiesOf(container))
        .containsEntry("MANAGEMENT_TRACING_EXPORT_ENABLED", "management.tracing.export.enabled")
        .containsEntry(
            "MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_OTLP_ENDPOINT",
            "management.opentelemetry.tracing.export.otlp.endpoint")
        .containsEntry(
            "MANAGEMENT_TRACING_SAMPLING_PROBABILITY", "management.tracing.sampling.probability");
    assertThat(env(container, "MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_OTLP_ENDPOINT"))
        .isEqualTo("http://otel-collector:4318/v1/traces");
    // Trace export is fixed off in the image's AOT context: the service starts without it.
    assertThat(propertiesOf(container))
        .containsEntry("SPRING_AOT_ENABLED", "(the image's entrypoint)");
    assertThat(env(container, "SPRING_AOT_ENABLED")).isEqualTo("false");
    assertThat(env(container, "COMPUTE_KUBERNETES_TARGETS_DEFAULT_NAMESPACE"))
        .isEqualTo("ray-prod");
  }

  @Test
  void switchesGivenAsStringsReadAsTheBooleansTheyName(@TempDir Path dir) throws IOException {
    // As --set-string or a quoted value in a values file gives them: a string "false" is
    // non-empty, so Helm's own truth test took it as on.
    Path values =
        Files.writeString(
            dir.resolve("values.yaml"),
            """
            events: { enabled: "false", sinkUrl: "" }
            metrics: { scrapeAnnotations: "false" }
            networkPolicy: { enabled: "false" }
            """);
    var template =
        new Helm(CHART)
            .template()
            .withName("compute")
            .withNamespace("compute")
            .withValuesFile(values);
    template
        .set("dashboards.host", "darwin.test")
        .set("runtimes.imageRegistry", "registry.test/ml");
    List<HasMetadata> objects = KubernetesModelCheck.parse(template.call());

    assertThat(propertiesOf(container(objects))).doesNotContainKey("COMPUTE_EVENTS_SINK_URL");
    assertThat(
            one(objects, Deployment.class).getSpec().getTemplate().getMetadata().getAnnotations())
        .isNullOrEmpty();
    assertThat(objects).noneMatch(NetworkPolicy.class::isInstance);
  }

  @Test
  void slackChronosAndExtraSettingsReachTheApplication() {
    Container defaults = container(render(Map.of()));
    assertThat(propertiesOf(defaults)).doesNotContainKeys("COMPUTE_SLACK_TOKEN");
    // Chronos is required unless turned off: without its events, Chronos has no sessions and
    // Darwin Workflow never restarts an HA cluster.
    assertThat(env(defaults, "COMPUTE_EVENTS_SINK_URL")).isEqualTo("http://chronos.test:8080");
    assertThatThrownBy(() -> render(Map.of("events.sinkUrl", "")))
        .hasMessageContaining("events.sinkUrl is required");
    assertThat(
            propertiesOf(
                container(render(Map.of("events.enabled", "false", "events.sinkUrl", "")))))
        .doesNotContainKey("COMPUTE_EVENTS_SINK_URL");

    Container container =
        container(
            render(
                Map.of(
                    "slack.secretName", "darwin-slack",
                    "slack.environment", "prod",
                    "events.sinkUrl", "http://chronos:8080",
                    "extraEnv[0].name", "COMPUTE_JUPYTERPODS_TARGET",
                    "extraEnv[0].value", "gpu")));
    assertThat(propertiesOf(container))
        .containsEntry("COMPUTE_SLACK_TOKEN", "compute.slack.token")
        .containsEntry("COMPUTE_SLACK_CHANNEL", "compute.slack.channel")
        .containsEntry("COMPUTE_SLACK_ENVIRONMENT", "compute.slack.environment")
        .containsEntry("COMPUTE_EVENTS_SINK_URL", "compute.events.sink.url")
        .containsEntry("COMPUTE_JUPYTERPODS_TARGET", "compute.jupyter-pods.target");
    EnvVar token =
        container.getEnv().stream()
            .filter(v -> v.getName().equals("COMPUTE_SLACK_TOKEN"))
            .findFirst()
            .orElseThrow();
    assertThat(token.getValue()).isNull();
    assertThat(token.getValueFrom().getSecretKeyRef().getName()).isEqualTo("darwin-slack");
    assertThat(token.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("token");
    assertThat(env(container, "COMPUTE_SLACK_CHANNEL"))
        .isEqualTo("#darwin-auto-termination-alerts");
    assertThat(env(container, "COMPUTE_SLACK_ENVIRONMENT")).isEqualTo("prod");
    assertThat(env(container, "COMPUTE_EVENTS_SINK_URL")).isEqualTo("http://chronos:8080");
    assertThat(env(container, "COMPUTE_JUPYTERPODS_TARGET")).isEqualTo("gpu");
  }

  @Test
  void everyExtraTargetGetsItsNamespaceAndTheRoleThere() {
    List<HasMetadata> objects = render(Map.of("extraTargets.gpu", "ray-gpu"));

    Container container =
        one(objects, Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(propertiesOf(container))
        .containsEntry(
            "COMPUTE_KUBERNETES_TARGETS_GPU_NAMESPACE", "compute.kubernetes.targets.gpu.namespace");
    assertThat(env(container, "COMPUTE_KUBERNETES_TARGETS_GPU_NAMESPACE")).isEqualTo("ray-gpu");
    // The same rules in each target's namespace, bound to the one service account: the informers
    // start on every target, and a namespace without them is a 403 on each watch.
    List<Role> roles =
        objects.stream().filter(Role.class::isInstance).map(Role.class::cast).toList();
    assertThat(roles)
        .extracting(r -> r.getMetadata().getNamespace())
        .containsExactlyInAnyOrder("ray", "ray-gpu");
    assertThat(roles.get(0).getRules()).isEqualTo(roles.get(1).getRules());
    assertThat(
            objects.stream()
                .filter(RoleBinding.class::isInstance)
                .map(RoleBinding.class::cast)
                .map(b -> b.getMetadata().getNamespace() + "/" + b.getSubjects().get(0).getName()))
        .containsExactlyInAnyOrder("ray/compute", "ray-gpu/compute");
    // One namespace named twice gets its Role once.
    assertThat(render(Map.of("extraTargets.again", "ray")))
        .filteredOn(o -> o instanceof Role)
        .hasSize(1);
    // A name that cannot be an environment variable's part is refused, not dropped.
    assertThatThrownBy(() -> render(Map.of("extraTargets.gpu-a", "ray-gpu")))
        .hasMessageContaining("lower-case letters and digits");
    // Nor may it name the Ray namespace's own target again (two values for one variable).
    assertThatThrownBy(() -> render(Map.of("extraTargets.default", "ray-gpu")))
        .hasMessageContaining("rayNamespace");
  }

  @Test
  void identityIsNeverTrustedByDefault() {
    // Header mode trusts no address until the gateway's are given (the service then refuses to
    // start, saying so): a pod network's range would hold the pods that run users' code.
    Container header = container(render(Map.of()));
    assertThat(env(header, "COMPUTE_SECURITY_MODE")).isEqualTo("header");
    assertThat(env(header, "COMPUTE_SECURITY_HEADER_TRUSTEDPROXIES")).isEmpty();
    assertThat(propertiesOf(header))
        .containsEntry(
            "COMPUTE_SECURITY_HEADER_TRUSTEDPROXIES", "compute.security.header.trusted-proxies");

    Container jwt =
        container(
            render(
                Map.of(
                    "security.mode", "jwt",
                    "security.jwt.jwkSetUri", "https://issuer.example/jwks",
                    "security.jwt.audience", "darwin-compute")));
    assertThat(env(jwt, "COMPUTE_SECURITY_JWT_AUDIENCE")).isEqualTo("darwin-compute");
    // An address not given is not passed as "" (an issuer "" would refuse every token).
    assertThat(propertiesOf(jwt))
        .containsEntry("COMPUTE_SECURITY_JWT_AUDIENCE", "compute.security.jwt.audience")
        .containsKey("COMPUTE_SECURITY_JWT_JWKSETURI")
        .doesNotContainKey("COMPUTE_SECURITY_JWT_ISSUERURI")
        .doesNotContainKey("COMPUTE_SECURITY_HEADER_TRUSTEDPROXIES");
  }

  @Test
  void theNetworkPolicyAdmitsOnlyTheListedPeersToTheServicePort() {
    List<HasMetadata> objects =
        render(
            Map.of(
                "networkPolicy.enabled", "true",
                "networkPolicy.from[0].namespaceSelector.matchLabels.name", "gateway",
                "networkPolicy.from[1].ipBlock.cidr", "10.20.0.0/24"));

    NetworkPolicy policy = one(objects, NetworkPolicy.class);
    Deployment deployment = one(objects, Deployment.class);
    assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
        .containsAllEntriesOf(policy.getSpec().getPodSelector().getMatchLabels());
    assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress");
    assertThat(policy.getSpec().getIngress()).hasSize(1);
    NetworkPolicyIngressRule rule = policy.getSpec().getIngress().get(0);
    assertThat(rule.getFrom()).hasSize(2);
    assertThat(rule.getFrom().get(0).getNamespaceSelector().getMatchLabels())
        .containsEntry("name", "gateway");
    assertThat(rule.getFrom().get(1).getIpBlock().getCidr()).isEqualTo("10.20.0.0/24");
    assertThat(rule.getPorts()).hasSize(1);
    assertThat(rule.getPorts().get(0).getPort().getStrVal())
        .isIn(
            deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getPorts().stream()
                .map(p -> p.getName())
                .toList());

    // Off by default; on without peers it would admit no one, so the chart refuses to render.
    assertThat(render(Map.of())).noneMatch(NetworkPolicy.class::isInstance);
    assertThatThrownBy(() -> render(Map.of("networkPolicy.enabled", "true")))
        .hasMessageContaining("networkPolicy.from");
  }

  /** Negative controls: the schema check rejects an unknown field and a wrong type. */
  @Test
  void theSchemaCheckRejectsUnknownFieldsAndWrongTypes() {
    String unknownField =
        """
        apiVersion: v1
        kind: Service
        metadata: {name: s}
        spec:
          selector: {app: x}
          ports: [{port: 80, targetPrt: 8080}]
        """;
    String wrongType =
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: d}
        spec:
          replicas: "two"
          selector: {matchLabels: {app: x}}
          template: {metadata: {labels: {app: x}}, spec: {containers: [{name: c, image: i}]}}
        """;
    String unknownKind =
        """
        apiVersion: v1
        kind: Servise
        metadata: {name: s}
        """;
    assertThatThrownBy(() -> KubernetesModelCheck.parse(unknownField))
        .hasMessageContaining("targetPrt");
    String coercedType = wrongType.replace("replicas: \"two\"", "replicas: \"2\"");
    assertThatThrownBy(() -> KubernetesModelCheck.parse(wrongType)).hasStackTraceContaining("two");
    assertThatThrownBy(() -> KubernetesModelCheck.parse(coercedType))
        .hasMessageContaining("round trip");
    assertThatThrownBy(() -> KubernetesModelCheck.parse(unknownKind))
        .hasMessageContaining("Servise");
  }

  /**
   * The chart rendered with {@code values} over what every install must give ({@link #REQUIRED},
   * which {@code values} may override).
   */
  private static List<HasMetadata> render(Map<String, String> values) {
    var template = new Helm(CHART).template().withName("compute").withNamespace("compute");
    Map<String, String> all = new java.util.LinkedHashMap<>(REQUIRED);
    all.putAll(values);
    all.forEach(template::set);
    return KubernetesModelCheck.parse(template.call());
  }

  /** The values the chart has no default for. */
  private static final Map<String, String> REQUIRED =
      Map.of(
          "dashboards.host",
          "darwin.test",
          "events.sinkUrl",
          "http://chronos.test:8080",
          "runtimes.imageRegistry",
          "registry.test/ml");

  /** The service's container in the Deployment of these objects. */
  private static Container container(List<HasMetadata> objects) {
    return one(objects, Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0);
  }

  private static <T extends HasMetadata> T one(List<HasMetadata> objects, Class<T> type) {
    List<T> found = objects.stream().filter(type::isInstance).map(type::cast).toList();
    assertThat(found).as(type.getSimpleName()).hasSize(1);
    return found.get(0);
  }

  private static String env(Container container, String name) {
    return container.getEnv().stream()
        .filter(e -> e.getName().equals(name))
        .map(EnvVar::getValue)
        .findFirst()
        .orElseThrow();
  }

  private static Map<String, String> propertiesOf(Container container) {
    SpringPropertyNames known = SpringPropertyNames.load();
    Set<String> entrypoints = entrypointVariables();
    Map<String, String> properties = new java.util.LinkedHashMap<>();
    for (EnvVar variable : container.getEnv()) {
      properties.put(
          variable.getName(),
          entrypoints.contains(variable.getName())
              ? "(the image's entrypoint)"
              : known.propertyOf(variable.getName()).orElse("(no property of the application)"));
    }
    assertThat(properties).doesNotContainValue("(no property of the application)");
    return properties;
  }

  /** The variables the image's entrypoint reads itself ({@code ${NAME...}} in the Dockerfile's). */
  private static Set<String> entrypointVariables() {
    return Pattern.compile("\\$\\{([A-Z_]+)")
        .matcher(entrypoint())
        .results()
        .map(match -> match.group(1))
        .collect(Collectors.toSet());
  }

  /** The Dockerfile's {@code ENTRYPOINT} line. */
  private static String entrypoint() {
    return dockerfile()
        .lines()
        .filter(line -> line.startsWith("ENTRYPOINT"))
        .findFirst()
        .orElseThrow();
  }

  /** The user the image runs as (the Dockerfile's {@code USER}, a number). */
  private static long dockerfileUser() {
    List<String> users = dockerfile().lines().filter(line -> line.startsWith("USER ")).toList();
    assertThat(users).hasSize(1);
    return Long.parseLong(users.get(0).substring("USER ".length()).trim());
  }

  /** {@code -XX:MaxRAMPercentage} of the Dockerfile's {@code JAVA_OPTS}. */
  private static int maxRamPercentage() {
    var percentage =
        Pattern.compile("-XX:MaxRAMPercentage=(\\d+)").matcher(dockerfile()).results().toList();
    assertThat(percentage).hasSize(1);
    return Integer.parseInt(percentage.get(0).group(1));
  }

  private static String dockerfile() {
    return read(RepositoryFiles.root().resolve("Dockerfile"));
  }

  /** {@code compute.health.database-timeout}'s default, in seconds. */
  private static int databaseHealthTimeoutSeconds() {
    var timeout =
        Pattern.compile("@DefaultValue\\(\"(\\d+)s\"\\) Duration databaseTimeout")
            .matcher(
                read(
                    RepositoryFiles.root()
                        .resolve(
                            "compute-api/src/main/java/com/darwin/compute/api/health/"
                                + "HealthProperties.java")))
            .results()
            .toList();
    assertThat(timeout).hasSize(1);
    return Integer.parseInt(timeout.get(0).group(1));
  }

  /** How long the pool waits for a connection (Hikari's connection-timeout), in whole seconds. */
  private static int poolConnectionTimeoutSeconds() {
    var timeout =
        Pattern.compile("connection-timeout: \\$\\{COMPUTE_DB_CONNECTION_TIMEOUT:(\\d+)}")
            .matcher(
                read(
                    RepositoryFiles.root()
                        .resolve("compute-api/src/main/resources/application.yml")))
            .results()
            .toList();
    assertThat(timeout).hasSize(1);
    return (Integer.parseInt(timeout.get(0).group(1)) + 999) / 1000;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

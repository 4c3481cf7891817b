package com.darwin.compute.core.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.darwin.compute.core.config.ClusterLimitsProperties;
import com.darwin.compute.core.config.DiskProperties;
import com.darwin.compute.core.config.GpuCatalogProperties;
import com.darwin.compute.core.config.InitScriptProperties;
import com.darwin.compute.core.config.KubernetesProperties;
import com.darwin.compute.core.config.RequestLimitsProperties;
import com.darwin.compute.core.config.RuntimeProperties;
import com.darwin.compute.core.config.TerminationProperties;
import com.darwin.compute.core.dashboard.TestDashboardUrls;
import com.darwin.compute.core.domain.ClusterPlacement;
import com.darwin.compute.core.domain.InvalidRequestException;
import com.darwin.compute.core.kube.KubernetesTargets;
import com.darwin.compute.core.limits.RequestLimits;
import com.darwin.compute.core.manifest.ClusterManifests;
import com.darwin.compute.core.render.GoldenCases;
import com.darwin.compute.core.render.TestRenderSettings;
import com.darwin.compute.core.runtime.RuntimeLookups;
import com.darwin.compute.core.store.RuntimeEntity;
import com.darwin.compute.core.store.RuntimeRepository;
import com.darwin.compute.model.cluster.AdvanceConfig;
import com.darwin.compute.model.cluster.AutoTerminationPolicy;
import com.darwin.compute.model.cluster.CapacityType;
import com.darwin.compute.model.cluster.ClusterRequest;
import com.darwin.compute.model.cluster.DiskSetting;
import com.darwin.compute.model.cluster.HeadNodeConfig;
import com.darwin.compute.model.cluster.InstanceRole;
import com.darwin.compute.model.cluster.WorkerNodeConfig;
import com.darwin.compute.model.common.FieldError;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/** The request-time checks that need configuration: limits, disks, roles, KubeRay's rules. */
class ClusterRequestValidatorTest {

  private final RuntimeRepository runtimes = mock(RuntimeRepository.class);
  private final KubernetesTargets targets =
      new KubernetesTargets(
          new KubernetesProperties(
              "sandbox",
              Map.of("sandbox", new KubernetesProperties.Target("http://127.0.0.1:1", null, "ray")),
              KubernetesProperties.ApplyMode.UPDATE,
              "darwin-compute",
              Duration.ofMinutes(10),
              2));
  private final ClusterRequestValidator validator =
      new ClusterRequestValidator(
          new ClusterLimitsProperties(1, 89, 1, 735, 10, 100, 25, 50, 20),
          new TerminationProperties(true, Duration.ofSeconds(60), 5, 720),
          new GpuCatalogProperties(
              List.of(
                  new GpuCatalogProperties.GpuShape("NVIDIA T4", 40, 165, 4, 64, "GDDR6", "g4dn"))),
          new RuntimeLookups(
              runtimes, new RuntimeProperties(null, false, null, Duration.ZERO, null)),
          new ClusterPlacement(targets),
          new InitScriptProperties(DataSize.ofKilobytes(4), 25, Duration.ofMinutes(5)),
          new DiskProperties(Map.of("gp2", "gp2"), "/tmp/disk", 500),
          TestRenderSettings.defaults(),
          new ClusterManifests(
              TestRenderSettings.defaults(),
              TestDashboardUrls.defaults(),
              new RuntimeProperties(null, false, null, null, null)),
          new RequestLimits(RequestLimitsProperties.defaults()));

  @AfterEach
  void closeClients() {
    targets.destroy();
  }

  private void runtime(String image, String rayVersion) {
    RuntimeEntity runtime = mock(RuntimeEntity.class);
    when(runtime.getImage()).thenReturn(image);
    when(runtime.getRayVersion()).thenReturn(rayVersion);
    when(runtimes.findByRuntime("0.0")).thenReturn(Optional.of(runtime));
  }

  private List<FieldError> errors(ClusterRequest request) {
    InvalidRequestException e =
        catchThrowableOfType(InvalidRequestException.class, () -> validator.validate(request));
    return e == null ? List.of() : e.errors();
  }

  private static ClusterRequest withAdvance(AdvanceConfig advance) {
    return GoldenCases.request(
        Map.of(),
        new HeadNodeConfig(4, 8, null, null, CapacityType.ONDEMAND, null),
        List.of(new WorkerNodeConfig(2, 4, 1, 2, null, null, CapacityType.ONDEMAND, null)),
        advance);
  }

  private static AdvanceConfig initScript(String script) {
    return new AdvanceConfig(null, null, script, null, null, null, null);
  }

  @Test
  void aValidRequestPasses() {
    runtime("ray:2.37.0", "2.37.0");
    assertThat(errors(withAdvance(initScript("pip install pandas")))).isEmpty();
  }

  @Test
  void policyNumbersTheRangeChecksCannotReadAreRefused() {
    runtime("ray:2.37.0", "2.37.0");
    ClusterRequest asked = withAdvance(initScript("pip install pandas"));
    String digits41 = "1".repeat(41);
    String tiny = "-0." + "0".repeat(40) + "1";
    ClusterRequest withPolicies =
        new ClusterRequest(
            asked.clusterName(),
            asked.tags(),
            asked.labels(),
            asked.runtime(),
            asked.inactiveTime(),
            List.of(
                new AutoTerminationPolicy(
                    "JupyterLabActivity", true, Map.of("expiry_time", digits41)),
                new AutoTerminationPolicy(
                    "ClusterCPUUsage",
                    true,
                    Map.of(
                        "head_node_cpu_usage_threshold",
                        tiny,
                        "worker_node_cpu_usage_threshold",
                        Double.POSITIVE_INFINITY))),
            asked.headNodeConfig(),
            asked.workerNodeConfigs(),
            asked.advanceConfig(),
            asked.user(),
            asked.isJobCluster(),
            asked.startCluster(),
            asked.cloudEnv(),
            asked.packagesCloneFrom(),
            asked.packages());

    assertThat(errors(withPolicies))
        .extracting(FieldError::field)
        .containsExactlyInAnyOrder(
            "auto_termination_policies[0].params.expiry_time",
            "auto_termination_policies[1].params.head_node_cpu_usage_threshold",
            "auto_termination_policies[1].params.worker_node_cpu_usage_threshold");
    // 40 characters are still a number, checked for its range as before.
    assertThat(PolicyParameterCheck.isNumber("1".repeat(40))).isTrue();
  }

  @Test
  void aJobClusterIdlesForThePlatformsTimeWhateverItAsks() {
    runtime("ray:2.37.0", "2.37.0");
    ClusterRequest asked = withAdvance(initScript("pip install pandas"));
    ClusterRequest job =
        new ClusterRequest(
            asked.clusterName(),
            asked.tags(),
            asked.labels(),
            asked.runtime(),
            1, // below the minimum of 5: a job cluster's own value is not checked, it is replaced
            asked.autoTerminationPolicies(),
            asked.headNodeConfig(),
            asked.workerNodeConfigs(),
            asked.advanceConfig(),
            asked.user(),
            true,
            asked.startCluster(),
            asked.cloudEnv(),
            asked.packagesCloneFrom(),
            asked.packages());

    ValidatedRequest validated = validator.validate(job);

    assertThat(validated.placed().inactiveTime()).isEqualTo(720);
    assertThat(validated.rendered().head().template().getSpec().getContainers().get(0).getEnv())
        .anySatisfy(
            env -> {
              assertThat(env.getName()).isEqualTo("TERMINATE_AFTER");
              assertThat(env.getValue()).isEqualTo("720");
            });
    // An interactive cluster keeps what it asked for, and is checked.
    assertThat(validator.validate(asked.withInactiveTime(30)).placed().inactiveTime())
        .isEqualTo(30);
    assertThat(errors(asked.withInactiveTime(1)))
        .singleElement()
        .satisfies(e -> assertThat(e.field()).isEqualTo("inactive_time"));
  }

  @Test
  void anInitScriptOverTheLimitsIsRefusedWithTheAlternatives() {
    runtime("ray:2.37.0", "2.37.0");
    String tooMany = "echo x\n".repeat(26);
    String tooBig = "echo " + "x".repeat(5000);
    for (String script : List.of(tooMany, tooBig)) {
      assertThat(errors(withAdvance(initScript(script))))
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.field()).isEqualTo("advance_config.init_script");
                assertThat(e.message())
                    .contains("too large to run")
                    .contains("library installation API")
                    .contains("custom runtime");
              });
    }
    // Comments and blank lines are not commands.
    assertThat(errors(withAdvance(initScript("# note\n\n".repeat(30) + "echo ok")))).isEmpty();
  }

  @Test
  void disksMustBeOfAConfiguredTypeAndSize() {
    runtime("ray:2.37.0", "2.37.0");
    ClusterRequest request =
        GoldenCases.request(
            Map.of(),
            new HeadNodeConfig(4, 8, new DiskSetting("io2", 50), null, null, null),
            List.of(
                new WorkerNodeConfig(2, 4, 1, 1, new DiskSetting("gp2", 900), null, null, null)),
            null);
    assertThat(errors(request))
        .extracting(FieldError::field)
        .containsExactlyInAnyOrder(
            "head_node_config.disk_setting.disk_type",
            "worker_node_configs[0].disk_setting.storage_size");
  }

  @Test
  void instanceRolesMustBeKnownAndSparkProxySettingsAreOurs() {
    runtime("ray:2.37.0", "2.37.0");
    AdvanceConfig advance =
        new AdvanceConfig(
            null,
            null,
            null,
            new InstanceRole("99", null, null),
            null,
            null,
            Map.of("spark.ui.proxyBase", "/mine", "spark.executor.memory", "4g\nspark.x y"));
    assertThat(errors(withAdvance(advance)))
        .extracting(FieldError::field)
        .containsExactlyInAnyOrder(
            "advance_config.instance_role",
            "advance_config.spark_config.spark.ui.proxyBase",
            "advance_config.spark_config.spark.executor.memory");
  }

  @Test
  void sparkPropertiesCannotWriteAnotherLineOfSparkDefaults() {
    runtime("ray:2.37.0", "2.37.0");
    Map<String, Object> conf = new java.util.LinkedHashMap<>();
    conf.put("spark.ui.proxyBase=", "/x"); // would set Darwin's own property
    conf.put("spark.a:b", "1");
    conf.put("spark.b\\u0020c", "1");
    conf.put("#spark.c", "1");
    conf.put("spark.d", "C:\\dir\\"); // a value is escaped as written (SparkConfigMap)
    conf.put("spark.kubernetes.driver.label.app.kubernetes.io/name", "ok");
    conf.put("spark.metrics.conf.*.sink.x.period", "10");
    conf.put("spark.sql.catalog.x[0]", "ok");
    AdvanceConfig advance = new AdvanceConfig(null, null, null, null, null, null, conf);
    assertThat(errors(withAdvance(advance)))
        .extracting(FieldError::field)
        .containsExactlyInAnyOrder(
            "advance_config.spark_config.spark.ui.proxyBase=",
            "advance_config.spark_config.spark.a:b",
            "advance_config.spark_config.spark.b\\u0020c",
            "advance_config.spark_config.#spark.c");
  }

  @Test
  void envFromSecretsMustBeDistinctSecretNamesAndFew() {
    runtime("ray:2.37.0", "2.37.0");
    assertThat(errors(withAdvance(secrets(List.of("team-creds", "db.readonly"))))).isEmpty();
    assertThat(
            errors(withAdvance(secrets(Arrays.asList("ok", "Bad_Name", null, "ok", "$(whoami)")))))
        .extracting(FieldError::field)
        .containsExactly(
            "advance_config.env_from_secrets[1]",
            "advance_config.env_from_secrets[2]",
            "advance_config.env_from_secrets[3]",
            "advance_config.env_from_secrets[4]");
    List<String> many = IntStream.rangeClosed(1, 17).mapToObj(i -> "s" + i).toList();
    assertThat(errors(withAdvance(secrets(many))))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.field()).isEqualTo("advance_config.env_from_secrets");
              assertThat(e.message()).contains("16");
            });
  }

  private static AdvanceConfig secrets(List<String> names) {
    return new AdvanceConfig(null, null, null, null, null, null, null, names);
  }

  @Test
  void kubeRaysRulesAreCheckedOnTheRenderedCluster() {
    // The runtime's image says another Ray version than its catalogue entry.
    runtime("rayproject/ray:2.41.0", "2.37.0");
    assertThat(errors(withAdvance(null)))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.field()).isEqualTo("runtime");
              assertThat(e.message()).contains("2.41.0").contains("2.37.0");
            });
  }

  @Test
  void autoscalerV2CannotBeForcedOnAFixedSizeCluster() {
    runtime("ray:2.37.0", "2.37.0");
    ClusterRequest request =
        GoldenCases.request(
            Map.of(),
            new HeadNodeConfig(4, 8, null, null, null, null),
            List.of(new WorkerNodeConfig(2, 4, 2, 2, null, null, null, null)),
            new AdvanceConfig("RAY_enable_autoscaler_v2=1", null, null, null, null, null, null));
    assertThat(errors(request))
        .extracting(FieldError::field)
        .containsExactly("advance_config.environment_variables");
  }

  @Test
  void aKnownGpuShapeOnWorkersPasses() {
    runtime("ray:2.37.0", "2.37.0");
    ClusterRequest request =
        GoldenCases.request(
            Map.of(),
            new HeadNodeConfig(4, 8, null, null, null, null),
            List.of(
                new WorkerNodeConfig(
                    null, null, 0, 2, null, "gpu", CapacityType.SPOT, GoldenCases.T4_X4)),
            null);
    assertThat(errors(request)).isEmpty();
  }
}

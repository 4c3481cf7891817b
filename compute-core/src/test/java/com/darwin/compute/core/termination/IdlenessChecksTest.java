package com.darwin.compute.core.termination;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.darwin.compute.core.ray.RayDashboardClient.Kernel;
import com.darwin.compute.core.ray.RayDashboardClient.NodeUsage;
import com.darwin.compute.core.ray.RayDashboardClient.RayJob;
import com.darwin.compute.model.cluster.AutoTerminationPolicy;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each auto-termination policy of the Python service, its parameters and their defaults. */
class IdlenessChecksTest {

  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private static final IdlenessCheck.Endpoints WHERE =
      new IdlenessCheck.Endpoints("http://head:8265", "http://head:8888/jupyter");

  private final TestingRayDashboard ray = new TestingRayDashboard();
  private final IdlenessChecks checks = new IdlenessChecks(ray);

  private static AutoTerminationPolicy policy(String name, Map<String, Object> params) {
    return new AutoTerminationPolicy(name, true, params);
  }

  /** The one check a single policy gives, asked now. */
  private String inUse(AutoTerminationPolicy policy) throws IOException {
    List<IdlenessCheck> built = checks.of(List.of(policy));
    assertThat(built).hasSize(1);
    return built.get(0).inUse(WHERE, NOW);
  }

  @Test
  void noPoliciesAndDisabledPoliciesGiveNoChecks() {
    assertThat(checks.of(null)).isEmpty();
    assertThat(checks.of(List.of())).isEmpty();
    assertThat(checks.of(List.of(new AutoTerminationPolicy("ActiveRayJob", false, Map.of()))))
        .isEmpty();
  }

  @Test
  void anExpiryStoredBeyondWhatTimeCanHoldIsReadAsTheLongest() throws IOException {
    // Stored before requests were checked for it: 41 digits.
    AutoTerminationPolicy jupyter =
        policy("JupyterLabActivity", Map.of("expiry_time", "1".repeat(41)));
    ray.kernels.add(new Kernel("idle", NOW.minus(Duration.ofDays(300))));
    assertThat(inUse(jupyter)).contains("active within");
    ray.kernels.set(0, new Kernel("idle", NOW.minus(Duration.ofDays(400))));
    assertThat(inUse(jupyter)).isNull();
  }

  @Test
  void anUnknownPolicyNameIsRefused() {
    assertThatThrownBy(() -> checks.of(List.of(policy("PhaseOfTheMoon", Map.of()))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PhaseOfTheMoon");
  }

  @Test
  void aRunningSubmittedJobIsUseAndOtherJobsAreNot() throws IOException {
    AutoTerminationPolicy jobs = policy("ActiveRayJob", Map.of());
    ray.jobs.add(new RayJob("SUBMISSION", "SUCCEEDED"));
    ray.jobs.add(new RayJob("DRIVER", "RUNNING"));
    assertThat(inUse(jobs)).isNull();

    ray.jobs.add(new RayJob("SUBMISSION", "STOPPED"));
    ray.jobs.add(new RayJob("SUBMISSION", "FAILED"));
    assertThat(inUse(jobs)).isNull();

    // Starting (its runtime environment, or nodes the autoscaler is adding for it) is use too.
    ray.jobs.add(new RayJob("SUBMISSION", "PENDING"));
    assertThat(inUse(jobs)).isEqualTo("a Ray job is starting");

    ray.jobs.add(0, new RayJob("SUBMISSION", "RUNNING"));
    assertThat(inUse(jobs)).isEqualTo("a Ray job is running");
    assertThat(ray.asked).allMatch(q -> q.equals("jobs http://head:8265"));
  }

  @Test
  void cpuAboveTheThresholdOfItsNodeKindIsUse() throws IOException {
    AutoTerminationPolicy cpu =
        policy(
            "ClusterCPUUsage",
            Map.of("head_node_cpu_usage_threshold", 50, "worker_node_cpu_usage_threshold", 10));
    ray.nodes.add(new NodeUsage(true, 50.0, 0, 0));
    ray.nodes.add(new NodeUsage(false, 10.0, 0, 0));
    // Exactly at a threshold is not above it.
    assertThat(inUse(cpu)).isNull();

    ray.nodes.add(new NodeUsage(false, 10.5, 0, 0));
    assertThat(inUse(cpu)).startsWith("a worker uses 10.5% CPU");
  }

  @Test
  void cpuThresholdsDefaultToAHundredForTheHeadAndTenForWorkers() throws IOException {
    AutoTerminationPolicy cpu = policy("ClusterCPUUsage", Map.of());
    ray.nodes.add(new NodeUsage(true, 99.0, 0, 0));
    ray.nodes.add(new NodeUsage(false, 9.0, 0, 0));
    assertThat(inUse(cpu)).isNull();

    ray.nodes.set(1, new NodeUsage(false, 11.0, 0, 0));
    assertThat(inUse(cpu)).contains("threshold 10.0%");
  }

  @Test
  void thresholdsGivenAsStringsAreRead() throws IOException {
    AutoTerminationPolicy cpu =
        policy("ClusterCPUUsage", Map.of("head_node_cpu_usage_threshold", "20"));
    ray.nodes.add(new NodeUsage(true, 25.0, 0, 0));

    assertThat(inUse(cpu)).startsWith("head uses 25.0% CPU (threshold 20.0%)");
  }

  @Test
  void aBusyKernelIsUseWhateverItsLastActivity() throws IOException {
    ray.kernels.add(new Kernel("busy", NOW.minusSeconds(3600)));

    assertThat(inUse(policy("JupyterLabActivity", Map.of()))).isEqualTo("a Jupyter kernel is busy");
    assertThat(ray.asked).containsExactly("kernels http://head:8888/jupyter");
  }

  @Test
  void anIdleKernelCountsWithinTheExpiryTimeOnly() throws IOException {
    AutoTerminationPolicy jupyter = policy("JupyterLabActivity", Map.of("expiry_time", 10));
    ray.kernels.add(new Kernel("idle", NOW.minusSeconds(10 * 60)));
    // Exactly expiry_time ago is no longer recent.
    assertThat(inUse(jupyter)).isNull();

    ray.kernels.set(0, new Kernel("idle", NOW.minusSeconds(10 * 60 - 1)));
    assertThat(inUse(jupyter)).isEqualTo("a Jupyter kernel was active within 10 minutes");
  }

  @Test
  void theExpiryTimeDefaultsToFiveMinutes() throws IOException {
    AutoTerminationPolicy jupyter = policy("JupyterLabActivity", Map.of());
    ray.kernels.add(new Kernel("idle", NOW.minusSeconds(5 * 60 + 1)));
    assertThat(inUse(jupyter)).isNull();

    ray.kernels.set(0, new Kernel("idle", NOW.minusSeconds(5 * 60 - 1)));
    assertThat(inUse(jupyter)).isNotNull();
  }

  @Test
  void aKernelThatNeverReportedActivityIsNotUse() throws IOException {
    ray.kernels.add(new Kernel("idle", null));

    assertThat(inUse(policy("JupyterLabActivity", Map.of()))).isNull();
  }

  @Test
  void terminalsCountOnlyWhenAskedFor() throws IOException {
    ray.terminals.add(NOW.minusSeconds(30));
    assertThat(inUse(policy("JupyterLabActivity", Map.of()))).isNull();
    assertThat(ray.asked).noneMatch(q -> q.startsWith("terminals"));

    assertThat(
            inUse(
                policy(
                    "JupyterLabActivity",
                    Map.of("terminal_activity", true, "kernel_activity", false))))
        .isEqualTo("a Jupyter terminal was active within 5 minutes");
  }

  @Test
  void kernelsAreNotAskedWhenKernelActivityIsOff() throws IOException {
    ray.kernels.add(new Kernel("busy", NOW));

    assertThat(inUse(policy("JupyterLabActivity", Map.of("kernel_activity", "false")))).isNull();
    assertThat(ray.asked).isEmpty();
  }

  @Test
  void aDashboardThatDoesNotAnswerIsAnErrorNotIdleness() {
    ray.failing("nodes");

    assertThatThrownBy(() -> inUse(policy("ClusterCPUUsage", Map.of())))
        .isInstanceOf(IOException.class);
  }

  @Test
  void everyEnabledPolicyGivesItsCheckInOrder() throws IOException {
    List<IdlenessCheck> built =
        checks.of(
            List.of(
                policy("ActiveRayJob", Map.of()),
                new AutoTerminationPolicy("ClusterCPUUsage", false, Map.of()),
                policy("JupyterLabActivity", Map.of())));
    assertThat(built).hasSize(2);
    for (IdlenessCheck check : built) {
      check.inUse(WHERE, NOW);
    }
    assertThat(ray.asked)
        .containsExactly("jobs http://head:8265", "kernels http://head:8888/jupyter");
  }
}

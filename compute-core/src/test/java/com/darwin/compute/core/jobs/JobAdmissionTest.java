package com.darwin.compute.core.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.darwin.compute.model.cluster.ClusterRequest;
import com.darwin.compute.model.common.FieldError;
import com.darwin.compute.model.job.Admission;
import com.darwin.compute.model.job.JobSubmitRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class JobAdmissionTest {

  private static final JsonMapper MAPPER = JsonMapper.builder().build();

  private static ClusterRequest cluster(String head, String workers, String rayParams) {
    return MAPPER.readValue(
        """
        {"cluster_name": "c", "runtime": "0.0", "inactive_time": 30, "user": "u",
         "head_node_config": %s, "worker_node_configs": %s,
         "advance_config": {"ray_params": %s}}
        """
            .formatted(head, workers, rayParams),
        ClusterRequest.class);
  }

  private static final ClusterRequest QUICK_START =
      cluster(
          "{\"cores\": 4, \"memory\": 8}",
          "[{\"cores_per_pods\": 2, \"memory_per_pods\": 4, \"min_pods\": 1, \"max_pods\": 2}]",
          "null");

  private static JobDemand cpus(double n) {
    return JobDemand.of(new JobSubmitRequest("x", null, null, null, n, null, null, null, null));
  }

  @Test
  void aJobWithoutDemandFitsAnywhere() {
    var verdict = JobAdmission.admit("c", QUICK_START, cpus(0), List.of());
    assertThat(verdict.admission()).isEqualTo(Admission.FITS_NOW);
  }

  @Test
  void openJobsFillTheRunningNodesFirst() {
    assertThat(JobAdmission.admit("c", QUICK_START, cpus(2), List.of()).admission())
        .isEqualTo(Admission.FITS_NOW);
    var second = JobAdmission.admit("c", QUICK_START, cpus(2), List.of(cpus(2)));
    assertThat(second.admission()).isEqualTo(Admission.FITS_AFTER_SCALING);
    assertThat(second.message()).contains("worker group 1", "up to 2");
    // Half a CPU left on the running worker still takes a half-CPU job.
    assertThat(JobAdmission.admit("c", QUICK_START, cpus(0.5), List.of(cpus(1.5))).admission())
        .isEqualTo(Admission.FITS_NOW);
  }

  @Test
  void theHeadOffersNoCpusWhenThereAreWorkersUnlessCpusOnHeadIsSet() {
    assertThatThrownBy(() -> JobAdmission.admit("c", QUICK_START, cpus(4), List.of()))
        .isInstanceOf(JobNotAdmittedException.class)
        .hasMessageContaining("Largest node: worker group 1: 2 CPUs")
        .hasMessageContaining("cpus_on_head");
    ClusterRequest generousHead =
        cluster(
            "{\"cores\": 4, \"memory\": 8}",
            "[{\"cores_per_pods\": 2, \"memory_per_pods\": 4, \"min_pods\": 1, \"max_pods\": 2}]",
            "{\"cpus_on_head\": 4}");
    assertThat(JobAdmission.admit("c", generousHead, cpus(4), List.of()).admission())
        .isEqualTo(Admission.FITS_NOW);
    ClusterRequest headOnly = cluster("{\"cores\": 4, \"memory\": 8}", "[]", "null");
    assertThat(JobAdmission.admit("c", headOnly, cpus(4), List.of()).admission())
        .isEqualTo(Admission.FITS_NOW);
  }

  @Test
  void everyShortfallIsNamed() {
    JobDemand demand =
        JobDemand.of(
            new JobSubmitRequest(
                "x", null, null, null, 8.0, 1.0, 64L << 30, Map.of("TPU", 2.0, "none", 0.0), null));
    assertThatThrownBy(() -> JobAdmission.admit("c", QUICK_START, demand, List.of()))
        .isInstanceOfSatisfying(
            JobNotAdmittedException.class,
            e ->
                assertThat(e.shortfalls())
                    .extracting(FieldError::field)
                    .containsExactly(
                        "entrypoint_num_cpus",
                        "entrypoint_num_gpus",
                        "entrypoint_memory",
                        "entrypoint_resources.TPU"));
  }

  @Test
  void aCombinationNoSingleNodeHoldsIsRefusedEvenIfEachPartFitsSomewhere() {
    ClusterRequest mixed =
        cluster(
            "{\"cores\": 4, \"memory\": 8}",
            """
            [{"cores_per_pods": 16, "memory_per_pods": 32, "min_pods": 0, "max_pods": 1},
             {"min_pods": 0, "max_pods": 1, "node_type": "gpu",
              "gpu_pod": {"name": "NVIDIA T4", "cores": 6, "memory": 26, "gpu_count": 1,
                          "g_ram_memory": 16, "g_ram_type": "GDDR6"}}]
            """,
            "null");
    JobDemand demand =
        JobDemand.of(new JobSubmitRequest("x", null, null, null, 8.0, 1.0, null, null, null));
    assertThatThrownBy(() -> JobAdmission.admit("c", mixed, demand, List.of()))
        .isInstanceOfSatisfying(
            JobNotAdmittedException.class,
            e -> assertThat(e.shortfalls().get(0).field()).isEqualTo("entrypoint"));
    JobDemand gpuOnly =
        JobDemand.of(new JobSubmitRequest("x", null, null, null, 4.0, 1.0, null, null, null));
    assertThat(JobAdmission.admit("c", mixed, gpuOnly, List.of()).admission())
        .isEqualTo(Admission.FITS_AFTER_SCALING);
  }

  @Test
  void memoryForTasksExcludesTheObjectStore() {
    long threeGib = 3L << 30;
    JobDemand exact =
        JobDemand.of(new JobSubmitRequest("x", null, null, null, null, null, threeGib, null, null));
    JobDemand over =
        JobDemand.of(
            new JobSubmitRequest("x", null, null, null, null, null, threeGib + 1, null, null));
    assertThat(JobAdmission.admit("c", QUICK_START, exact, List.of()).admission())
        .isEqualTo(Admission.FITS_NOW);
    // The 8 GB head offers 6 GiB to tasks (it takes jobs without CPUs).
    assertThat(JobAdmission.admit("c", QUICK_START, over, List.of()).admission())
        .isEqualTo(Admission.FITS_NOW);
    JobDemand tooBig =
        JobDemand.of(
            new JobSubmitRequest("x", null, null, null, null, null, (6L << 30) + 1, null, null));
    assertThatThrownBy(() -> JobAdmission.admit("c", QUICK_START, tooBig, List.of()))
        .isInstanceOf(JobNotAdmittedException.class)
        .hasMessageContaining("6.0 GiB");
  }

  @Test
  void lastLinesOfALog() {
    assertThat(JobService.lastLines("a\nb\nc\n", 1)).isEqualTo("c\n");
    assertThat(JobService.lastLines("a\nb\nc\n", 2)).isEqualTo("b\nc\n");
    assertThat(JobService.lastLines("a\nb\nc", 2)).isEqualTo("b\nc");
    assertThat(JobService.lastLines("a\nb\nc\n", 10)).isEqualTo("a\nb\nc\n");
    assertThat(JobService.lastLines("a\nb\nc\n", 0)).isEmpty();
    assertThat(JobService.lastLines("", 3)).isEmpty();
  }
}

package com.darwin.compute.core.jobs;

import com.darwin.compute.model.cluster.ClusterRequest;
import com.darwin.compute.model.common.FieldError;
import com.darwin.compute.model.job.Admission;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Decides whether a job may be submitted to a cluster. Ray schedules a job's entrypoint on one
 * node, so the question is per node: a demand no node shape holds even with every group at {@code
 * max_pods} is refused with what is short; one that a node present at {@code min_pods} has room for
 * (after the entrypoints of the cluster's open jobs, placed first-fit) fits now; anything else fits
 * only once the autoscaler adds a node (or running jobs end).
 */
final class JobAdmission {

  /** The decision for an admitted job, with a sentence for the user. */
  record Verdict(Admission admission, String message) {}

  private JobAdmission() {}

  static Verdict admit(
      String clusterId, ClusterRequest spec, JobDemand demand, List<JobDemand> openJobs) {
    List<NodeCapacity> nodes = ClusterCapacity.of(spec);
    List<NodeCapacity> possible = nodes.stream().filter(n -> n.maxPods() > 0).toList();
    if (possible.stream().noneMatch(n -> n.holds(demand))) {
      throw refusal(clusterId, demand, possible);
    }
    if (demand.isEmpty()) {
      return new Verdict(Admission.FITS_NOW, "The job asks for no resources and runs on the head");
    }
    List<Free> running = new ArrayList<>();
    for (NodeCapacity node : possible) {
      for (int i = 0; i < node.minPods(); i++) {
        running.add(new Free(node));
      }
    }
    for (JobDemand open : openJobs) {
      running.stream().filter(f -> f.holds(open)).findFirst().ifPresent(f -> f.take(open));
    }
    var now = running.stream().filter(f -> f.holds(demand)).findFirst();
    if (now.isPresent()) {
      return new Verdict(
          Admission.FITS_NOW, "Fits on a running node (" + now.get().node.name() + ") now");
    }
    NodeCapacity target = possible.stream().filter(n -> n.holds(demand)).findFirst().orElseThrow();
    String message =
        target.maxPods() > target.minPods()
            ? "Fits only after scaling: no node running at min_pods has room for "
                + demand.describe()
                + " (open jobs hold the rest); the autoscaler adds a "
                + target.name()
                + " node (up to "
                + target.maxPods()
                + "), or it starts when running jobs end"
            : "Fits on " + target.name() + " once running jobs end (it cannot scale further)";
    return new Verdict(Admission.FITS_AFTER_SCALING, message);
  }

  private static JobNotAdmittedException refusal(
      String clusterId, JobDemand demand, List<NodeCapacity> nodes) {
    NodeCapacity largest =
        nodes.stream()
            .max(
                Comparator.comparingDouble(NodeCapacity::cpus)
                    .thenComparingDouble(NodeCapacity::gpus)
                    .thenComparingLong(NodeCapacity::memory))
            .orElseThrow();
    List<FieldError> shortfalls = new ArrayList<>();
    double maxCpus = nodes.stream().mapToDouble(NodeCapacity::cpus).max().orElse(0);
    double maxGpus = nodes.stream().mapToDouble(NodeCapacity::gpus).max().orElse(0);
    long maxMemory = nodes.stream().mapToLong(NodeCapacity::memory).max().orElse(0);
    if (demand.cpus() > maxCpus) {
      shortfalls.add(
          new FieldError(
              "entrypoint_num_cpus",
              "asks for "
                  + JobDemand.number(demand.cpus())
                  + " CPUs on one node; the most any node offers is "
                  + JobDemand.number(maxCpus)));
    }
    if (demand.gpus() > maxGpus) {
      shortfalls.add(
          new FieldError(
              "entrypoint_num_gpus",
              "asks for "
                  + JobDemand.number(demand.gpus())
                  + " GPUs on one node; the most any node offers is "
                  + JobDemand.number(maxGpus)));
    }
    if (demand.memory() > maxMemory) {
      shortfalls.add(
          new FieldError(
              "entrypoint_memory",
              String.format(
                  Locale.ROOT,
                  "asks for %d bytes (%.1f GiB) on one node; the most any node offers tasks is"
                      + " %d bytes (%.1f GiB)",
                  demand.memory(),
                  demand.memory() / (1024.0 * 1024 * 1024),
                  maxMemory,
                  maxMemory / (1024.0 * 1024 * 1024))));
    }
    demand
        .customResources()
        .forEach(
            (name, amount) ->
                shortfalls.add(
                    new FieldError(
                        "entrypoint_resources." + name,
                        "asks for "
                            + JobDemand.number(amount)
                            + " "
                            + name
                            + "; no node of the cluster declares this resource")));
    if (shortfalls.isEmpty()) {
      shortfalls.add(
          new FieldError(
              "entrypoint", "no single node has all of " + demand.describe() + " together"));
    }
    String headNote =
        nodes.size() > 1 && nodes.get(0).cpus() == 0 && demand.cpus() > 0
            ? " (the head offers no CPUs to jobs when there are workers; set"
                + " advance_config.ray_params.cpus_on_head to change that)"
            : "";
    String message =
        "Job cannot run on cluster "
            + clusterId
            + ": "
            + shortfalls.get(0).field()
            + " "
            + shortfalls.get(0).message()
            + (shortfalls.size() > 1 ? " (and " + (shortfalls.size() - 1) + " more)" : "")
            + ". Largest node: "
            + largest.describe()
            + headNote
            + ". Ray would keep it pending forever";
    return new JobNotAdmittedException(message, shortfalls);
  }

  /** A running node and what is left of it. */
  private static final class Free {
    final NodeCapacity node;
    double cpus;
    double gpus;
    long memory;

    Free(NodeCapacity node) {
      this.node = node;
      this.cpus = node.cpus();
      this.gpus = node.gpus();
      this.memory = node.memory();
    }

    boolean holds(JobDemand d) {
      return d.cpus() <= cpus
          && d.gpus() <= gpus
          && d.memory() <= memory
          && d.customResources().isEmpty();
    }

    void take(JobDemand d) {
      cpus -= d.cpus();
      gpus -= d.gpus();
      memory -= d.memory();
    }
  }
}

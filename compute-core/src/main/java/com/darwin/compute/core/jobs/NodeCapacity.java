package com.darwin.compute.core.jobs;

import java.util.Locale;

/**
 * What one pod of a node group offers Ray tasks (and so a job's entrypoint): CPUs and GPUs as Ray
 * counts them, memory in bytes (the pod's memory less its object store), and how many such pods the
 * cluster runs at least and at most.
 */
record NodeCapacity(String name, double cpus, double gpus, long memory, int minPods, int maxPods) {

  private static final double GIB = 1024.0 * 1024 * 1024;

  boolean holds(JobDemand demand) {
    return demand.cpus() <= cpus
        && demand.gpus() <= gpus
        && demand.memory() <= memory
        && demand.customResources().isEmpty();
  }

  String describe() {
    return String.format(
        Locale.ROOT,
        "%s: %s CPUs, %s GPUs, %.1f GiB memory for tasks, %s",
        name,
        JobDemand.number(cpus),
        JobDemand.number(gpus),
        memory / GIB,
        minPods == maxPods
            ? maxPods + (maxPods == 1 ? " pod" : " pods")
            : minPods + " to " + maxPods + " pods");
  }
}

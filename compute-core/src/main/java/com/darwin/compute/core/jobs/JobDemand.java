package com.darwin.compute.core.jobs;

import com.darwin.compute.model.job.JobSubmitRequest;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a job's entrypoint asks of the one node it runs on. Custom resources keep only positive
 * amounts: asking for zero of something is asking for nothing.
 */
record JobDemand(double cpus, double gpus, long memory, Map<String, Double> customResources) {

  static JobDemand of(JobSubmitRequest request) {
    Map<String, Double> custom = new TreeMap<>();
    request
        .resources()
        .forEach(
            (k, v) -> {
              if (v != null && v > 0) {
                custom.put(k, v);
              }
            });
    return new JobDemand(request.cpus(), request.gpus(), request.memory(), Map.copyOf(custom));
  }

  boolean isEmpty() {
    return cpus == 0 && gpus == 0 && memory == 0 && customResources.isEmpty();
  }

  String describe() {
    StringBuilder text = new StringBuilder();
    text.append(number(cpus)).append(" CPUs, ").append(number(gpus)).append(" GPUs");
    if (memory > 0) {
      text.append(String.format(Locale.ROOT, ", %.1f GiB memory", memory / (1024.0 * 1024 * 1024)));
    }
    customResources.forEach((k, v) -> text.append(", ").append(number(v)).append(' ').append(k));
    return text.toString();
  }

  static String number(double value) {
    return value == Math.rint(value)
        ? Long.toString((long) value)
        : String.format(Locale.ROOT, "%.2f", value);
  }
}

package com.darwin.compute.core.jobs;

/** Neither the control plane nor the cluster's Ray dashboard knows this job (404). */
public class JobNotFoundException extends RuntimeException {

  public JobNotFoundException(String clusterId, String submissionId) {
    super("Job " + submissionId + " not found on cluster " + clusterId);
  }
}

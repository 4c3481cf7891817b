package com.darwin.compute.core.termination;

import com.darwin.compute.core.config.RayProperties;
import com.darwin.compute.core.ray.RayDashboardClient;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A Ray dashboard and Jupyter server in memory: what they answer is set by the test, one of them
 * can be made to fail, and every question asked is recorded (so a test sees which checks ran).
 */
final class TestingRayDashboard extends RayDashboardClient {

  final List<NodeUsage> nodes = new ArrayList<>();
  final List<RayJob> jobs = new ArrayList<>();
  final List<Kernel> kernels = new ArrayList<>();
  final List<Instant> terminals = new ArrayList<>();
  final List<String> asked = new ArrayList<>();
  private String failing;

  TestingRayDashboard() {
    super(new RayProperties("http://ray", "http://jupyter", Duration.ofSeconds(1), 1));
  }

  /** Makes one of "nodes", "jobs", "kernels", "terminals" answer with an error. */
  TestingRayDashboard failing(String what) {
    this.failing = what;
    return this;
  }

  private <T> List<T> answer(String what, String url, List<T> value) throws IOException {
    asked.add(what + " " + url);
    if (what.equals(failing)) {
      throw new IOException(url + " answered 503");
    }
    return List.copyOf(value);
  }

  @Override
  public List<NodeUsage> nodes(String dashboardUrl) throws IOException {
    return answer("nodes", dashboardUrl, nodes);
  }

  @Override
  public List<RayJob> jobs(String dashboardUrl) throws IOException {
    return answer("jobs", dashboardUrl, jobs);
  }

  @Override
  public List<Kernel> kernels(String jupyterUrl) throws IOException {
    return answer("kernels", jupyterUrl, kernels);
  }

  @Override
  public List<Instant> terminals(String jupyterUrl) throws IOException {
    return answer("terminals", jupyterUrl, terminals);
  }
}

package com.darwin.compute.bench.harness;

import com.darwin.compute.ComputeApplication;
import com.darwin.compute.sandbox.Sandbox;
import com.darwin.compute.sandbox.spring.SandboxEnvironmentPostProcessor;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The service alone in its own JVM, as in production: pointed at the running sandbox's MariaDB,
 * Elasticsearch and Kubernetes API (which stay in the harness's processes), with the JVM flags of
 * the Dockerfile under the Helm chart's 1 GiB memory limit ({@code -XX:MaxRAM=1g} stands in for the
 * container's limit, which the JVM would read from its cgroup). For B6: time to healthy and
 * resident memory after load, without the sandbox and the load generator sharing the process.
 */
public final class ServiceProcess implements AutoCloseable {

  /** The Dockerfile's {@code -XX:MaxRAMPercentage=75} under the chart's 1 GiB limit. */
  public static final List<String> JVM_FLAGS = List.of("-XX:MaxRAM=1g", "-XX:MaxRAMPercentage=75");

  private final Process process;
  private final ServiceApi api;
  private final long healthyMillis;
  private final Path log;

  private ServiceProcess(Process process, ServiceApi api, long healthyMillis, Path log) {
    this.process = process;
    this.api = api;
    this.healthyMillis = healthyMillis;
    this.log = log;
  }

  /** Starts it and waits for its first {@code GET /health} 200. */
  public static ServiceProcess start(Sandbox sandbox) throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(JVM_FLAGS);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(ComputeApplication.class.getName());
    command.add("--server.port=" + port);
    command.add("--sandbox.enabled=false");
    SandboxEnvironmentPostProcessor.properties(sandbox)
        .forEach((name, value) -> command.add("--" + name + "=" + value));
    command.add("--compute.security.mode=header");
    command.add("--compute.security.header.trusted-proxies=127.0.0.1/32");
    command.add("--compute.reconciler.instance-id=bench-alone");
    command.add("--compute.termination.enabled=false");
    command.add("--spring.main.banner-mode=off");
    command.add("--logging.level.root=WARN");
    Path log = Files.createTempFile("bench-service-alone-", ".log");
    long begin = System.nanoTime();
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .directory(new File(System.getProperty("user.dir")))
            .start();
    // A harness ended by its watchdog or a signal takes the service with it.
    Runtime.getRuntime().addShutdownHook(new Thread(process::destroy, "bench-service-alone-stop"));
    ServiceApi api = new ServiceApi("http://127.0.0.1:" + port);
    long deadline = System.nanoTime() + 180_000_000_000L;
    while (true) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "the service alone exited with " + process.exitValue() + "; see " + log);
      }
      try {
        api.get("/health");
        break;
      } catch (IOException e) {
        if (System.nanoTime() > deadline) {
          process.destroyForcibly();
          throw new IllegalStateException("the service alone was not healthy in 180 s; see " + log);
        }
        ServiceUnderTest.sleep(20);
      }
    }
    return new ServiceProcess(process, api, (System.nanoTime() - begin) / 1_000_000, log);
  }

  public ServiceApi api() {
    return api;
  }

  /** From starting the JVM to the first {@code GET /health} 200. */
  public long healthyMillis() {
    return healthyMillis;
  }

  public long pid() {
    return process.pid();
  }

  @Override
  public void close() throws Exception {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    Files.deleteIfExists(log);
  }
}

package com.darwin.compute.bench.harness;

import com.darwin.compute.ComputeApplication;
import com.darwin.compute.bench.harness.kube.KubernetesRequestLog;
import com.darwin.compute.bench.harness.load.BenchmarkFailure;
import com.darwin.compute.sandbox.OperatorDelays;
import com.darwin.compute.sandbox.Sandbox;
import com.darwin.compute.sandbox.SandboxSettings;
import com.darwin.compute.sandbox.spring.SandboxEnvironmentPostProcessor;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * The real application (compute-api's {@link ComputeApplication}), started in this JVM on the
 * sandbox: real MariaDB and Elasticsearch in their own processes, the fabric8 mock Kubernetes API
 * and the SIMULATED KubeRay operator in this one.
 *
 * <p>The sandbox is started first, on its own, so that its start-up (seconds of MariaDB and
 * Elasticsearch) is not counted as the service's.
 */
public final class ServiceUnderTest implements AutoCloseable {

  /**
   * @param sandboxMillis starting MariaDB, Elasticsearch, the mock API and the simulator
   * @param serviceMillis from {@code SpringApplication.run} to the first {@code GET /health} 200
   * @param jvmMillis from this JVM's start to that 200 (sandbox included)
   */
  public record StartupTimes(long sandboxMillis, long serviceMillis, long jvmMillis) {}

  private final Sandbox sandbox;
  private final ConfigurableApplicationContext context;
  private final ServiceApi api;
  private final StartupTimes startup;

  private ServiceUnderTest(
      Sandbox sandbox,
      ConfigurableApplicationContext context,
      ServiceApi api,
      StartupTimes startup) {
    this.sandbox = sandbox;
    this.context = context;
    this.api = api;
    this.startup = startup;
  }

  static ServiceUnderTest start(HarnessSettings settings) throws BenchmarkFailure {
    long begin = System.nanoTime();
    Sandbox sandbox =
        Sandbox.get(
            SandboxSettings.defaults()
                .withOperatorDelays(OperatorDelays.uniform(settings.operatorDelay())));
    long sandboxMillis = (System.nanoTime() - begin) / 1_000_000;

    String delay = settings.operatorDelay().toMillis() + "ms";
    List<String> args =
        new ArrayList<>(
            List.of(
                "--server.port=0",
                "--sandbox.enabled=true",
                "--sandbox.operator.head-ready-delay=" + delay,
                "--sandbox.operator.jupyter-ready-delay=" + delay,
                "--sandbox.operator.worker-ready-delay=" + delay,
                "--compute.reconciler.instance-id=bench",
                "--compute.reconciler.resync-interval="
                    + settings.resyncInterval().toSeconds()
                    + "s",
                // B4 calls the sweep itself; a scheduled one would run alongside it.
                "--compute.termination.enabled=false",
                "--spring.main.banner-mode=off",
                "--logging.level.root=WARN",
                "--logging.level.com.darwin.compute=WARN"));

    long appBegin = System.nanoTime();
    ConfigurableApplicationContext context =
        new SpringApplicationBuilder(ComputeApplication.class)
            .initializers(ServiceUnderTest::callKubernetesByItsAlias)
            .run(args.toArray(String[]::new));
    int port = ((WebServerApplicationContext) context).getWebServer().getPort();
    ServiceApi api = new ServiceApi("http://127.0.0.1:" + port);
    awaitHealthy(api);
    long healthy = System.nanoTime();
    long jvmMillis =
        System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
    return new ServiceUnderTest(
        sandbox,
        context,
        api,
        new StartupTimes(sandboxMillis, (healthy - appBegin) / 1_000_000, jvmMillis));
  }

  /**
   * The service reaches the mock API as {@code localhost}, everything else (the simulated operator,
   * the harness) as {@code 127.0.0.1}: the same server, but the Host header of each request says
   * who sent it, so B5 counts the service's requests only. Set after the sandbox's own property
   * source (which comes first), hence an initializer rather than an argument.
   */
  private static void callKubernetesByItsAlias(ConfigurableApplicationContext context) {
    Sandbox sandbox = Sandbox.current().orElseThrow();
    String target =
        "compute.kubernetes.targets."
            + SandboxEnvironmentPostProcessor.KUBERNETES_TARGET
            + ".master-url";
    context
        .getEnvironment()
        .getPropertySources()
        .addFirst(
            new MapPropertySource(
                "bench",
                Map.of(
                    target,
                    "http://"
                        + KubernetesRequestLog.SERVICE_HOST
                        + ":"
                        + sandbox.kubernetes().port()
                        + "/")));
  }

  private static void awaitHealthy(ServiceApi api) throws BenchmarkFailure {
    long deadline = System.nanoTime() + 120_000_000_000L;
    while (System.nanoTime() < deadline) {
      try {
        api.get("/health");
        return;
      } catch (IOException e) {
        sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new BenchmarkFailure("interrupted", e);
      }
    }
    throw new BenchmarkFailure("the service was not healthy within 120 s");
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public Sandbox sandbox() {
    return sandbox;
  }

  public ServiceApi api() {
    return api;
  }

  public StartupTimes startup() {
    return startup;
  }

  public <T> T bean(Class<T> type) {
    return context.getBean(type);
  }

  /** The application's own HikariCP pool: the floors use it, so they pay what the service pays. */
  public DataSource dataSource() {
    return context.getBean(DataSource.class);
  }

  @Override
  public void close() {
    context.close();
  }
}

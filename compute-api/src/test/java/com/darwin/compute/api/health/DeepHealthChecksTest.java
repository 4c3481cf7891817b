package com.darwin.compute.api.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.darwin.compute.core.health.DeepHealthCheck;
import com.darwin.compute.core.health.DeepHealthCheck.Part;
import com.darwin.compute.core.health.DeepHealthCheck.Probe;
import com.darwin.compute.model.catalogue.DeepHealth;
import java.lang.reflect.Proxy;
import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code GET /health/deep}'s probes run at once, each against its deadline: hung dependencies cost
 * one deadline in all, not one each, and every other probe keeps its own answer. A runner that
 * waited on its probes' own timeouts would hang here, so the class has a timeout of its own.
 */
@Timeout(30)
class DeepHealthChecksTest {

  // Seconds: the probes that answer must do so within them on a loaded machine too.
  private static final Duration DATABASE_DEADLINE = Duration.ofSeconds(1);
  private static final Duration DEPENDENCY_DEADLINE = Duration.ofMillis(1500);

  private final DeadlineChecks checks = new DeadlineChecks();
  private final HealthProperties properties =
      new HealthProperties(DATABASE_DEADLINE, DEPENDENCY_DEADLINE);
  private final CountDownLatch never = new CountDownLatch(1);

  @AfterEach
  void release() {
    never.countDown();
    checks.destroy();
  }

  private DeepHealthChecks runner(List<Probe> probes) {
    DeepHealthCheck check =
        new DeepHealthCheck(unusedDataSource(), null, null) {
          @Override
          public List<Probe> probes() {
            return probes;
          }
        };
    return new DeepHealthChecks(check, checks, properties);
  }

  private void hang() throws InterruptedException {
    never.await();
  }

  private static void answer() {}

  private record Timed(DeepHealth health, long millis) {}

  private static Timed timed(DeepHealthChecks runner) {
    long begin = System.nanoTime();
    DeepHealth health = runner.check();
    return new Timed(health, (System.nanoTime() - begin) / 1_000_000);
  }

  @Test
  void hungDependenciesCostOneDeadlineAndTheOthersKeepTheirAnswers() {
    Timed deep =
        timed(
            runner(
                List.of(
                    new Probe("mysql", Part.DATABASE, this::hang),
                    new Probe("elasticsearch", Part.SEARCH, DeepHealthChecksTest::answer),
                    new Probe("kubernetes.a", Part.KUBERNETES, this::hang),
                    new Probe(
                        "kubernetes.b",
                        Part.KUBERNETES,
                        () -> {
                          throw new ConnectException("Connection refused");
                        }),
                    new Probe("kubernetes.c", Part.KUBERNETES, this::hang),
                    new Probe("kubernetes.d", Part.KUBERNETES, DeepHealthChecksTest::answer))));

    assertThat(deep.health().compute()).isEqualTo(DeepHealth.FAILURE);
    assertThat(deep.health().dcm()).isEqualTo(DeepHealth.FAILURE);
    assertThat(deep.health().healthy()).isFalse();
    // In the probes' order, each with the deadline of its kind.
    assertThat(deep.health().checks())
        .containsExactly(
            Map.entry("mysql", "FAILURE: no answer within PT1S"),
            Map.entry("elasticsearch", "SUCCESS"),
            Map.entry("kubernetes.a", "FAILURE: no answer within PT1.5S"),
            // The kind of error, not its words (which name hosts and ports): anyone may ask.
            Map.entry("kubernetes.b", "FAILURE: ConnectException"),
            Map.entry("kubernetes.c", "FAILURE: no answer within PT1.5S"),
            Map.entry("kubernetes.d", "SUCCESS"));
    // Three hung probes one after another would take 4 s.
    assertThat(deep.millis())
        .isBetween(DEPENDENCY_DEADLINE.toMillis(), 2 * DEPENDENCY_DEADLINE.toMillis());
  }

  @Test
  void theStoresDecideComputeAndTheKubernetesTargetsDcm() {
    DeepHealth allUp =
        runner(
                List.of(
                    new Probe("mysql", Part.DATABASE, DeepHealthChecksTest::answer),
                    new Probe("elasticsearch", Part.SEARCH, DeepHealthChecksTest::answer),
                    new Probe("kubernetes.a", Part.KUBERNETES, DeepHealthChecksTest::answer)))
            .check();
    DeepHealth kubernetesDown =
        runner(
                List.of(
                    new Probe("mysql", Part.DATABASE, DeepHealthChecksTest::answer),
                    new Probe("elasticsearch", Part.SEARCH, DeepHealthChecksTest::answer),
                    new Probe(
                        "kubernetes.a",
                        Part.KUBERNETES,
                        () -> {
                          throw new IllegalStateException();
                        })))
            .check();
    DeepHealth searchDown =
        runner(
                List.of(
                    new Probe("mysql", Part.DATABASE, DeepHealthChecksTest::answer),
                    new Probe(
                        "elasticsearch",
                        Part.SEARCH,
                        () -> {
                          throw new java.io.IOException("Elasticsearch cluster c is red");
                        }),
                    new Probe("kubernetes.a", Part.KUBERNETES, DeepHealthChecksTest::answer)))
            .check();

    assertThat(allUp).isEqualTo(new DeepHealth("SUCCESS", "SUCCESS", allUp.checks()));
    assertThat(allUp.checks())
        .containsOnly(
            Map.entry("mysql", "SUCCESS"),
            Map.entry("elasticsearch", "SUCCESS"),
            Map.entry("kubernetes.a", "SUCCESS"));
    assertThat(kubernetesDown.compute()).isEqualTo("SUCCESS");
    assertThat(kubernetesDown.dcm()).isEqualTo("FAILURE");
    assertThat(kubernetesDown.checks())
        .containsEntry("kubernetes.a", "FAILURE: IllegalStateException");
    assertThat(searchDown.compute()).isEqualTo("FAILURE");
    assertThat(searchDown.dcm()).isEqualTo("SUCCESS");
    assertThat(searchDown.checks()).containsEntry("elasticsearch", "FAILURE: IOException");
  }

  @Test
  void aKubernetesAnswerReadsAsItsCodeAndWordsNotTheClientsMessage() {
    var status =
        new io.fabric8.kubernetes.api.model.StatusBuilder()
            .withCode(401)
            .withMessage("Unauthorized")
            .build();
    DeepHealth refused =
        runner(
                List.of(
                    new Probe(
                        "kubernetes.a",
                        Part.KUBERNETES,
                        () -> {
                          throw new io.fabric8.kubernetes.client.KubernetesClientException(
                              "Failure executing: GET at: https://10.0.0.1:443/version.",
                              401,
                              status);
                        })))
            .check();
    assertThat(refused.checks())
        .containsExactly(
            Map.entry("kubernetes.a", "FAILURE: Kubernetes answered 401: Unauthorized"));
  }

  @Test
  void aHungProbeRunsOnceHoweverOftenDeepHealthIsAsked() {
    AtomicInteger started = new AtomicInteger();
    DeepHealthChecks runner =
        runner(
            List.of(
                new Probe(
                    "mysql",
                    Part.DATABASE,
                    () -> {
                      started.incrementAndGet();
                      hang();
                    })));

    for (int i = 0; i < 3; i++) {
      assertThat(runner.check().checks()).containsEntry("mysql", "FAILURE: no answer within PT1S");
    }
    assertThat(started).hasValue(1);

    // Once it ends, the next request pings again.
    never.countDown();
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(() -> assertThat(runner.check().compute()).isEqualTo("SUCCESS"));
    assertThat(started).hasValue(2);
  }

  /** The check's own probes are replaced here; its constructor still wants a data source. */
  private static DataSource unusedDataSource() {
    return (DataSource)
        Proxy.newProxyInstance(
            DeepHealthChecksTest.class.getClassLoader(),
            new Class<?>[] {DataSource.class},
            (proxy, method, args) -> {
              throw new UnsupportedOperationException(method.getName());
            });
  }
}

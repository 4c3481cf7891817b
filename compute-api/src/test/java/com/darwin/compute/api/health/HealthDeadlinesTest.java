package com.darwin.compute.api.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.darwin.compute.core.health.DependencyStatus;
import com.darwin.compute.core.health.KubernetesProbe;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/**
 * A dependency that keeps its connection open and answers nothing holds the health answer no longer
 * than its deadline; one that answers, or fails, is reported as it is. A check that ignored its
 * deadline would hang here, so the class has a timeout of its own.
 */
@Timeout(30)
class HealthDeadlinesTest {

  // A second: the checks that answer must do so within it on a loaded machine too.
  private static final Duration DEADLINE = Duration.ofSeconds(1);

  private final DeadlineChecks checks = new DeadlineChecks();
  private final HealthProperties properties = new HealthProperties(DEADLINE, DEADLINE);
  private final CountDownLatch never = new CountDownLatch(1);

  @AfterEach
  void release() {
    never.countDown();
    checks.destroy();
  }

  private DependencyHealthIndicator dependency(Checked check) {
    return new DependencyHealthIndicator("test", checks, properties) {
      @Override
      DependencyStatus check() throws Exception {
        return check.run();
      }
    };
  }

  private interface Checked {
    DependencyStatus run() throws Exception;
  }

  private record Timed(Health health, long millis) {}

  private static Timed timed(java.util.function.Supplier<Health> call) {
    long begin = System.nanoTime();
    Health health = call.get();
    return new Timed(health, (System.nanoTime() - begin) / 1_000_000);
  }

  @Test
  void aHungDependencyIsDegradedAtItsDeadline() {
    Timed hung =
        timed(
            dependency(
                    () -> {
                      never.await();
                      return new DependencyStatus(true, Map.of());
                    })
                ::health);

    assertThat(hung.health().getStatus()).isEqualTo(SearchHealthIndicator.DEGRADED);
    assertThat(hung.health().getDetails()).containsEntry("error", "no answer within PT1S");
    assertThat(hung.millis()).isBetween(DEADLINE.toMillis(), 5 * DEADLINE.toMillis());
  }

  @Test
  void anAnsweringDependencyKeepsItsDetailsAndAFailingOneItsError() {
    Health up = dependency(() -> new DependencyStatus(true, Map.of("status", "green"))).health();
    Health red = dependency(() -> new DependencyStatus(false, Map.of("status", "red"))).health();
    Health refused =
        dependency(
                () -> {
                  throw new java.net.ConnectException("Connection refused");
                })
            .health();

    assertThat(up.getStatus()).isEqualTo(Status.UP);
    assertThat(up.getDetails()).containsEntry("status", "green");
    assertThat(red.getStatus()).isEqualTo(SearchHealthIndicator.DEGRADED);
    assertThat(red.getDetails()).containsEntry("status", "red");
    assertThat(refused.getStatus()).isEqualTo(SearchHealthIndicator.DEGRADED);
    assertThat(refused.getDetails().get("error").toString())
        .contains("ConnectException", "Connection refused");
  }

  @Test
  void aDatabaseThatDoesNotAnswerIsDownAtItsDeadlineAndOneThatRefusesAtOnce() {
    DataSource hung =
        dataSource(
            () -> {
              never.await();
              return null;
            });
    DataSource refusing =
        dataSource(
            () -> {
              throw new SQLTransientConnectionException("pool exhausted");
            });

    // Refused first: a hung check is joined by the next request for the same check.
    Timed refused = timed(new DatabaseHealthIndicator(refusing, checks, properties)::health);
    Timed frozen = timed(new DatabaseHealthIndicator(hung, checks, properties)::health);

    assertThat(frozen.health().getStatus()).isEqualTo(Status.DOWN);
    assertThat(frozen.health().getDetails()).containsEntry("error", "no answer within PT1S");
    assertThat(frozen.millis()).isBetween(DEADLINE.toMillis(), 5 * DEADLINE.toMillis());
    assertThat(refused.health().getStatus()).isEqualTo(Status.DOWN);
    assertThat(refused.health().getDetails())
        .containsEntry("error", "SQLTransientConnectionException: pool exhausted");
    assertThat(refused.millis()).isLessThan(DEADLINE.toMillis());
  }

  @Test
  void aHungCheckRunsOnceHoweverOftenHealthIsAsked() {
    AtomicInteger started = new AtomicInteger();
    DependencyHealthIndicator hung =
        dependency(
            () -> {
              started.incrementAndGet();
              never.await();
              return new DependencyStatus(true, Map.of());
            });

    for (int i = 0; i < 3; i++) {
      assertThat(hung.health().getStatus()).isEqualTo(SearchHealthIndicator.DEGRADED);
    }
    assertThat(started).hasValue(1);

    // Once it ends, the next request checks again.
    never.countDown();
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(() -> assertThat(hung.health().getStatus()).isEqualTo(Status.UP));
    assertThat(started).hasValue(2);
  }

  @Test
  void aCheckAfterShutdownIsAFailureNotAnException() {
    checks.destroy();

    Health health = dependency(() -> new DependencyStatus(true, Map.of())).health();

    assertThat(health.getStatus()).isEqualTo(SearchHealthIndicator.DEGRADED);
    assertThat(health.getDetails().get("error").toString()).contains("RejectedExecutionException");
  }

  @Test
  void aHungKubernetesTargetIsReportedAndTheOthersKeepTheirAnswers() {
    KubernetesProbe probe =
        new KubernetesProbe(null) {
          @Override
          public List<String> targetNames() {
            return List.of("hung-a", "fine", "hung-b", "refusing", "hung-c");
          }

          @Override
          public String check(String target) {
            return switch (target) {
              case "hung-a", "hung-b", "hung-c" -> {
                try {
                  never.await();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
                yield UP;
              }
              case "refusing" -> "DOWN: KubernetesClientException";
              default -> UP;
            };
          }
        };

    Timed health = timed(new KubernetesHealthIndicator(probe, checks, properties)::health);

    assertThat(health.health().getStatus()).isEqualTo(SearchHealthIndicator.DEGRADED);
    assertThat(health.health().getDetails().get("targets"))
        .isEqualTo(
            Map.of(
                "hung-a", "DOWN: no answer within PT1S",
                "fine", "UP",
                "hung-b", "DOWN: no answer within PT1S",
                "refusing", "DOWN: KubernetesClientException",
                "hung-c", "DOWN: no answer within PT1S"));
    // The targets are asked at once: one deadline in all, not one per hung target (3 x 1 s).
    assertThat(health.millis()).isBetween(DEADLINE.toMillis(), 3 * DEADLINE.toMillis() - 1);
  }

  private interface Connect {
    Connection open() throws Exception;
  }

  private static DataSource dataSource(Connect connect) {
    return (DataSource)
        Proxy.newProxyInstance(
            HealthDeadlinesTest.class.getClassLoader(),
            new Class<?>[] {DataSource.class},
            (proxy, method, args) -> {
              if (method.getName().equals("getConnection")) {
                return connect.open();
              }
              throw new UnsupportedOperationException(method.getName());
            });
  }
}

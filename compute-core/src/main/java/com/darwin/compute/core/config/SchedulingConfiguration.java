package com.darwin.compute.core.config;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import javax.sql.DataSource;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;
import net.javacrumbs.shedlock.spring.annotation.EnableSchedulerLock;
import net.javacrumbs.shedlock.support.KeepAliveLockProvider;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.boot.task.ThreadPoolTaskSchedulerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Scheduled jobs run on one replica at a time: ShedLock keeps a row per job in MySQL, with the
 * database's clock so replicas with skewed clocks agree.
 *
 * <p>Locks are held for a short {@link #LOCK_AT_MOST_FOR} and extended while their job runs ({@link
 * KeepAliveLockProvider}), instead of being taken for the longest a job could ever last: when the
 * database freezes, a job's unlock fails and its row stays locked until it expires, so a long lease
 * would pause the job (the search indexer, the sweep) for minutes after the database is back.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@EnableSchedulerLock(defaultLockAtMostFor = SchedulingConfiguration.LOCK_AT_MOST_FOR)
@ConditionalOnProperty(
    name = "compute.scheduling.enabled",
    havingValue = "true",
    matchIfMissing = true)
public class SchedulingConfiguration implements DisposableBean {

  /** Every job's lease; KeepAliveLockProvider extends it every half of it while the job runs. */
  public static final String LOCK_AT_MOST_FOR = "PT1M";

  /**
   * The {@code lockAtMostFor} of a job held for its interval, {@code PLACEHOLDER} naming the
   * interval: {@code LEASE_HOLDING + "'" + PLACEHOLDER + "')}"} ({@link #leaseHolding}).
   */
  public static final String LEASE_HOLDING =
      "#{T(com.darwin.compute.core.config.SchedulingConfiguration).leaseHolding(";

  /**
   * The lease of a job held at least {@code hold} (its interval, as written in the settings): the
   * usual lease, or the hold when longer. ShedLock refuses a hold longer than the lease, and
   * KeepAliveLockProvider a lease under 30 s, so neither the hold alone (a 1 s sweep) nor the usual
   * lease alone (a 5 m sweep) would do for every interval.
   */
  public static String leaseHolding(String hold) {
    Duration held = DurationStyle.detectAndParse(hold);
    Duration usual = Duration.parse(LOCK_AT_MOST_FOR);
    return (held.compareTo(usual) > 0 ? held : usual).toString();
  }

  // Not a bean: a ScheduledExecutorService bean could be taken by @EnableScheduling as the
  // scheduler of every @Scheduled job.
  private final ScheduledExecutorService lockKeepAlive =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "shedlock-keep-alive");
            thread.setDaemon(true);
            return thread;
          });

  @Override
  public void destroy() {
    lockKeepAlive.shutdownNow();
  }

  @Bean
  ThreadPoolTaskSchedulerCustomizer scheduledJobErrors() {
    return scheduler -> scheduler.setErrorHandler(new ScheduledJobErrors());
  }

  @Bean
  LockProvider lockProvider(DataSource dataSource) {
    return new KeepAliveLockProvider(
        new JdbcTemplateLockProvider(
            JdbcTemplateLockProvider.Configuration.builder()
                .withJdbcTemplate(new JdbcTemplate(dataSource))
                .usingDbTime()
                .build()),
        lockKeepAlive);
  }
}

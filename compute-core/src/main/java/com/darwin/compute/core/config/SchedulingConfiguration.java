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
import org.springframework.boot.task.ThreadPoolTaskSchedulerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.format.annotation.DurationFormat;
import org.springframework.format.datetime.standard.DurationFormatterUtils;
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
   * The {@code lockAtLeastFor} of a job held for its interval: {@code HOLD + INTERVAL + END}, where
   * {@code INTERVAL} is the {@code @Scheduled} placeholder ({@link #hold}).
   */
  public static final String HOLD =
      "#{T(com.darwin.compute.core.config.SchedulingConfiguration).hold('";

  /**
   * The {@code lockAtMostFor} of a job held for its interval: {@code LEASE + INTERVAL + END}
   * ({@link #lease}).
   */
  public static final String LEASE =
      "#{T(com.darwin.compute.core.config.SchedulingConfiguration).lease('";

  public static final String END = "')}";

  /**
   * The interval as ShedLock reads it, parsed as {@code @Scheduled} parses it: ShedLock's own
   * parser refuses some forms the timer takes ({@code 1m30s}, {@code pt2m}), and every pass would
   * fail.
   */
  public static String hold(String interval) {
    return interval(interval).toString();
  }

  /**
   * The lease of a job held for its interval: twice the interval, at least the usual minute.
   * ShedLock refuses a hold longer than the lease, and KeepAliveLockProvider a lease under 30 s.
   * Twice: the keep-alive extends a lease at its half, and an extension shortens the hold by the
   * time already run (the lock's start stays), so a pass extended before its interval was over
   * would free the lock as it ends, and another replica could start one at once.
   */
  public static String lease(String interval) {
    Duration twice = interval(interval).multipliedBy(2);
    Duration usual = Duration.parse(LOCK_AT_MOST_FOR);
    return (twice.compareTo(usual) > 0 ? twice : usual).toString();
  }

  private static Duration interval(String interval) {
    return DurationFormatterUtils.detectAndParse(interval, DurationFormat.Unit.MILLIS);
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

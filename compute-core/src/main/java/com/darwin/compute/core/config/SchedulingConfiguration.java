package com.darwin.compute.core.config;

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

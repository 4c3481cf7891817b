package com.darwin.compute.core.config;

import com.darwin.compute.core.store.StatementCountingDataSource;
import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.orm.jpa.vendor.HibernateJpaVendorAdapter;
import org.springframework.resilience.annotation.EnableResilientMethods;

/**
 * Binds every {@code compute.*} property group. Resilient methods: {@code @Retryable} commands
 * (their retry wraps their transaction: each attempt is a transaction of its own).
 */
@Configuration(proxyBeanMethods = false)
@EnableResilientMethods
@EnableConfigurationProperties({
  ClusterLimitsProperties.class,
  RequestLimitsProperties.class,
  TerminationProperties.class,
  GpuCatalogProperties.class,
  DashboardProperties.class,
  KubernetesProperties.class,
  ReconcilerProperties.class,
  SearchProperties.class,
  RayProperties.class,
  TimeoutProperties.class,
  EventSinkProperties.class,
  SlackProperties.class,
  AlertProperties.class,
  CostProperties.class,
  MetricsProperties.class,
  RuntimeProperties.class,
  JobProperties.class,
  AccessProperties.class,
  ClusterConfigProperties.class
})
public class ComputeCoreConfiguration {

  /**
   * Whole milliseconds, the precision of every time column ({@code TIMESTAMP(3)}): the JDK's clock
   * gives microseconds, which MariaDB truncates and MySQL rounds (up to half a millisecond later),
   * so a time the service held and the same time read back could differ, and differently per
   * database.
   */
  @Bean
  Clock clock() {
    return Clock.tick(Clock.systemUTC(), Duration.ofMillis(1));
  }

  /**
   * Read-only transactions stay read-only in Hibernate (no flush, no dirty checking) without {@code
   * SET SESSION TRANSACTION READ ONLY} before and {@code READ WRITE} after on the connection: two
   * round trips to MySQL on every read, a third of what a read sent. This setting also stops
   * {@code @Transactional(isolation = ...)} from applying: the one transaction that needs another
   * level (a Jupyter attach) sets it with its first statement instead.
   */
  @Bean
  static BeanPostProcessor unpreparedJpaConnections() {
    return new BeanPostProcessor() {
      @Override
      public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (bean instanceof HibernateJpaVendorAdapter adapter) {
          adapter.setPrepareConnection(false);
        }
        return bean;
      }
    };
  }

  /**
   * Every statement through the application's pool is counted on its thread (when a job asks), so
   * the sweep's report covers JdbcTemplate as well as Hibernate.
   */
  @Bean
  static BeanPostProcessor statementCountingDataSource() {
    return new BeanPostProcessor() {
      @Override
      public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof DataSource dataSource
            && !(bean instanceof StatementCountingDataSource)) {
          return new StatementCountingDataSource(dataSource);
        }
        return bean;
      }
    };
  }
}

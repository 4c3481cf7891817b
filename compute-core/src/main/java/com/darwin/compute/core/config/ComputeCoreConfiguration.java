package com.darwin.compute.core.config;

import com.darwin.compute.core.store.StatementCountingDataSource;
import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Binds every {@code compute.*} property group. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({
  ClusterLimitsProperties.class,
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
  CostProperties.class
})
public class ComputeCoreConfiguration {

  @Bean
  Clock clock() {
    return Clock.systemUTC();
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

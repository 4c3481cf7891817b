package com.darwin.compute.core.config;

import java.time.Clock;
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
}

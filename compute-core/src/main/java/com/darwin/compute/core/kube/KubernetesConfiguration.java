package com.darwin.compute.core.kube;

import com.darwin.compute.core.config.KubernetesProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class KubernetesConfiguration {

  @Bean
  ManifestApplier manifestApplier(KubernetesProperties properties) {
    return switch (properties.applyMode()) {
      case SERVER_SIDE -> new ServerSideApplier(properties.fieldManager());
      case UPDATE -> new UpdateApplier();
    };
  }
}

package com.darwin.compute.core.validation;

import org.springframework.boot.validation.autoconfigure.ValidationConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The application's Bean Validation (request bodies, catalogue entries): see {@link
 * EveryPropertyReachable}.
 */
@Configuration(proxyBeanMethods = false)
public class BeanValidationConfiguration {

  /** Static: the validator is made early, for the method-validation post-processor. */
  @Bean
  static ValidationConfigurationCustomizer everyPropertyReachable() {
    return configuration -> configuration.traversableResolver(new EveryPropertyReachable());
  }
}

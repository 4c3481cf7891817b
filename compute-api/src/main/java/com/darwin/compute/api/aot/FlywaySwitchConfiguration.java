package com.darwin.compute.api.aot;

import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * {@code spring.flyway.enabled} read when the service starts, not only when its configuration is
 * evaluated. Started from Spring AOT's generated context (the image), Flyway's configuration is
 * whatever the build saw (on), so the property alone would no longer turn migrations off; the
 * image's class-data training run, which has no database, needs them off. Without AOT this is
 * redundant: Flyway's configuration is not made at all when the property is false.
 */
@Configuration(proxyBeanMethods = false)
class FlywaySwitchConfiguration {

  static final String ENABLED = "spring.flyway.enabled";

  @Bean
  FlywayMigrationStrategy migrateUnlessDisabled(Environment environment) {
    return flyway -> {
      if (environment.getProperty(ENABLED, Boolean.class, true)) {
        flyway.migrate();
      }
    };
  }
}

package com.darwin.compute.sandbox.spring;

import com.darwin.compute.sandbox.Sandbox;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Exposes the running {@link Sandbox} as a bean, so tests can inject it and turn its knobs (kill a
 * head pod, stop Elasticsearch, ...).
 */
@AutoConfiguration
@ConditionalOnProperty(name = SandboxSettingsBinder.ENABLED, havingValue = "true")
public class SandboxAutoConfiguration {

  // destroyMethod "": the sandbox is shared by every context of the JVM; closing one context must
  // not stop it (it stops with the JVM).
  @Bean(destroyMethod = "")
  @ConditionalOnMissingBean
  public Sandbox sandbox(Environment environment) {
    return Sandbox.get(SandboxSettingsBinder.bind(environment));
  }
}

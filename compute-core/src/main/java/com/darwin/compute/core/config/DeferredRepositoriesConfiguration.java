package com.darwin.compute.core.config;

import org.springframework.aot.AotDetector;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.DependencyDescriptor;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.ContextAnnotationAutowireCandidateResolver;
import org.springframework.data.repository.Repository;

/**
 * Repositories stay deferred when the service starts from Spring AOT's generated context.
 *
 * <p>Deferred repositories are lazy beans, made once the web server listens; a bean that takes one
 * gets a proxy that makes it on first use. Spring Data hands out those proxies by replacing the
 * bean factory's autowire candidate resolver while it registers the repositories' definitions,
 * which a start from generated code never does (the definitions are restored, not registered).
 * Every bean taking a repository then made it, and waited for the JPA factory, before the web
 * server listened: about 2 s of the service alone's start-up (bench B6, profiled). The generated
 * context's resolver is replaced here by one that also treats a repository as lazy: repositories
 * are all deferred there ({@code spring.data.jpa.repositories.bootstrap-mode} is one of the
 * settings the image fixes at build, checked at start by compute-api's {@code aot} package).
 */
@Configuration(proxyBeanMethods = false)
public class DeferredRepositoriesConfiguration {

  @Bean
  static BeanFactoryPostProcessor repositoriesInjectedLazilyFromGeneratedContext() {
    return beanFactory -> {
      if (AotDetector.useGeneratedArtifacts()
          && beanFactory instanceof DefaultListableBeanFactory factory) {
        factory.setAutowireCandidateResolver(new LazyRepositoryInjection());
      }
    };
  }

  /** The generated context's own resolver, with a repository's injection point lazy. */
  public static final class LazyRepositoryInjection
      extends ContextAnnotationAutowireCandidateResolver {

    @Override
    protected boolean isLazy(DependencyDescriptor descriptor) {
      return Repository.class.isAssignableFrom(descriptor.getDependencyType())
          || super.isLazy(descriptor);
    }
  }
}

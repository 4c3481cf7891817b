package com.darwin.compute.core.config;

import org.springframework.aot.AotDetector;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.config.DependencyDescriptor;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.ContextAnnotationAutowireCandidateResolver;
import org.springframework.context.event.ContextRefreshedEvent;
import org.springframework.core.Ordered;
import org.springframework.core.PriorityOrdered;
import org.springframework.data.repository.Repository;

/**
 * Repositories stay deferred when the service starts from Spring AOT's generated context.
 *
 * <p>Deferred repositories are lazy beans, all made once the context is refreshed (the web server
 * then listens; readiness waits for them); a bean that takes one gets a proxy until then. Spring
 * Data sets both up while it registers the repositories' definitions: it replaces the bean
 * factory's autowire candidate resolver and adds the listener that makes them. A start from
 * generated code never registers definitions (they are restored), so neither happened: every bean
 * taking a repository made it, and waited for the JPA factory, before the web server listened
 * (about 2 s of the service alone's start-up, bench B6, profiled), and the others were made on
 * first use, after readiness. Both are put back here, from generated code only: repositories are
 * all deferred there ({@code spring.data.jpa.repositories.bootstrap-mode} is one of the settings
 * the image fixes at build, checked at start by compute-api's {@code aot} package).
 */
@Configuration(proxyBeanMethods = false)
public class DeferredRepositoriesConfiguration {

  @Bean
  static BeanFactoryPostProcessor repositoriesInjectedLazilyFromGeneratedContext() {
    return new LazyRepositoryInjectionInstaller();
  }

  @Bean
  static ApplicationListener<ContextRefreshedEvent> repositoriesMadeOnceRefreshed(
      ApplicationContext context) {
    return event -> {
      if (AotDetector.useGeneratedArtifacts() && event.getApplicationContext() == context) {
        context.getBeansOfType(Repository.class);
      }
    };
  }

  /**
   * First among the post-processors, so that no other one makes a bean that takes a repository
   * before the resolver is in place.
   */
  static final class LazyRepositoryInjectionInstaller
      implements BeanFactoryPostProcessor, PriorityOrdered {

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
      if (AotDetector.useGeneratedArtifacts()
          && beanFactory instanceof DefaultListableBeanFactory factory) {
        factory.setAutowireCandidateResolver(new LazyRepositoryInjection());
      }
    }

    @Override
    public int getOrder() {
      return Ordered.HIGHEST_PRECEDENCE;
    }
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

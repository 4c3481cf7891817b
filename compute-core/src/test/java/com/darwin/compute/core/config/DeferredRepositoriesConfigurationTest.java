package com.darwin.compute.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.annotation.ContextAnnotationAutowireCandidateResolver;
import org.springframework.data.repository.Repository;

class DeferredRepositoriesConfigurationTest {

  interface Things extends Repository<Object, Long> {
    long count();
  }

  record UsesThings(Things things) {}

  private static final AtomicInteger made = new AtomicInteger();

  private static DefaultListableBeanFactory factory(ContextAnnotationAutowireCandidateResolver r) {
    made.set(0);
    DefaultListableBeanFactory factory = new DefaultListableBeanFactory();
    factory.setAutowireCandidateResolver(r);
    RootBeanDefinition things = new RootBeanDefinition(Things.class);
    things.setLazyInit(true);
    things.setInstanceSupplier(
        () -> {
          made.incrementAndGet();
          return (Things) () -> 7;
        });
    factory.registerBeanDefinition("things", things);
    RootBeanDefinition user = new RootBeanDefinition(UsesThings.class);
    user.setAutowireMode(RootBeanDefinition.AUTOWIRE_CONSTRUCTOR);
    factory.registerBeanDefinition("user", user);
    return factory;
  }

  @Test
  void aBeanTakingADeferredRepositoryGetsItMadeOnFirstUse() {
    DefaultListableBeanFactory factory =
        factory(new DeferredRepositoriesConfiguration.LazyRepositoryInjection());

    UsesThings user = factory.getBean(UsesThings.class);

    assertThat(made).hasValue(0);
    assertThat(user.things().count()).isEqualTo(7);
    assertThat(made).hasValue(1);
  }

  @Test
  void theGeneratedContextsOwnResolverMakesItWithItsUser() {
    DefaultListableBeanFactory factory = factory(new ContextAnnotationAutowireCandidateResolver());

    factory.getBean(UsesThings.class);

    assertThat(made).hasValue(1);
  }
}

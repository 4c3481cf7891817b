package com.darwin.compute.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.junit.jupiter.api.Test;
import org.springframework.aop.Advisor;
import org.springframework.aop.framework.Advised;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Every scheduled job that must run on one replica at a time (sweeps, the outbox, the event
 * forwarder...) is called through ShedLock's lock. The lock is applied by an auto-proxy: were the
 * proxying configured differently, the jobs would still run, on every replica at once, and nothing
 * else would fail.
 */
class ScheduledJobLocksIT extends ApiIntegrationTest {

  private static final String SHEDLOCK = "net.javacrumbs.shedlock.";

  @Autowired ConfigurableApplicationContext context;

  @Test
  void everyLockedJobRunsThroughShedLocksAdvisor() {
    List<String> locked = new ArrayList<>();
    for (String name : context.getBeanDefinitionNames()) {
      var definition = context.getBeanFactory().getBeanDefinition(name);
      if (!definition.isSingleton() || definition.isAbstract() || definition.isLazyInit()) {
        continue;
      }
      Object bean = context.getBean(name);
      Class<?> type = AopUtils.getTargetClass(bean);
      for (Method method : type.getDeclaredMethods()) {
        if (!method.isAnnotationPresent(SchedulerLock.class)) {
          continue;
        }
        String lock = method.getAnnotation(SchedulerLock.class).name();
        locked.add(lock);
        assertThat(bean).as("the bean of job %s is a proxy", lock).isInstanceOf(Advised.class);
        List<Advisor> advisors = List.of(((Advised) bean).getAdvisors());
        assertThat(advisors)
            .as("job %s is called through ShedLock's advisor", lock)
            // ShedLock's advisor class is package-private.
            .anyMatch(advisor -> advisor.getClass().getPackageName().startsWith(SHEDLOCK));
      }
    }
    // The jobs the service has (a job found by none of the checks above would pass them all).
    assertThat(locked)
        .contains(
            "auto-termination",
            "cluster-timeouts",
            "event-forwarder",
            "search-outbox-indexer",
            "ray-jobs",
            "pod-tasks");
  }
}

package com.darwin.compute.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.aopalliance.aop.Advice;
import org.aspectj.lang.annotation.Aspect;
import org.junit.jupiter.api.Test;
import org.springframework.aop.Advisor;
import org.springframework.aop.framework.Advised;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.resilience.annotation.Retryable;
import org.springframework.resilience.retry.AbstractRetryInterceptor;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.interceptor.TransactionInterceptor;

/**
 * The proxies the service relies on are there: ShedLock's lock around every scheduled job that must
 * run on one replica at a time, a transaction around every {@code @Transactional} method, a retry
 * around (outside) the transaction of every retried one. Each is applied by an auto-proxy or a
 * post-processor; configured away, the methods would still run, without their lock, transaction or
 * retry, and few other tests would notice. The service turns Boot's AspectJ auto-proxy off ({@code
 * spring.aop.auto: false}), which applies only infrastructure advisors: an {@code @Aspect} or an
 * application advisor added later would be silently ignored, so none may exist.
 */
class ProxiedBeansIT extends ApiIntegrationTest {

  @Autowired ConfigurableApplicationContext context;

  /** The service's own singletons that are made at start-up, by name. */
  private Map<String, Object> serviceBeans() {
    Map<String, Object> beans = new LinkedHashMap<>();
    for (String name : context.getBeanDefinitionNames()) {
      BeanDefinition definition = context.getBeanFactory().getBeanDefinition(name);
      if (!definition.isSingleton() || definition.isAbstract() || definition.isLazyInit()) {
        continue;
      }
      Object bean = context.getBean(name);
      if (AopUtils.getTargetClass(bean).getName().startsWith("com.darwin.compute.")) {
        beans.put(name, bean);
      }
    }
    return beans;
  }

  private static List<Advice> advice(Object bean) {
    assertThat(bean).isInstanceOf(Advised.class);
    List<Advice> advice = new ArrayList<>();
    for (Advisor advisor : ((Advised) bean).getAdvisors()) {
      advice.add(advisor.getAdvice());
    }
    return advice;
  }

  @Test
  void everyLockedJobRunsThroughShedLocksAdvisor() {
    List<String> locked = new ArrayList<>();
    serviceBeans()
        .values()
        .forEach(
            bean -> {
              for (Method method : AopUtils.getTargetClass(bean).getDeclaredMethods()) {
                SchedulerLock lock = method.getAnnotation(SchedulerLock.class);
                if (lock == null) {
                  continue;
                }
                locked.add(lock.name());
                assertThat(bean).as("the bean of job %s", lock.name()).isInstanceOf(Advised.class);
                // ShedLock's advisor class is package-private.
                assertThat(((Advised) bean).getAdvisors())
                    .as("job %s is called through ShedLock's advisor", lock.name())
                    .anyMatch(a -> a.getClass().getPackageName().startsWith("net.javacrumbs."));
              }
            });
    assertThat(locked)
        .containsExactlyInAnyOrder(
            "auto-termination",
            "cluster-timeouts",
            "event-forwarder",
            "search-outbox-indexer",
            "search-index-audit",
            "search-index-audit-after-start",
            "ray-jobs",
            "pod-tasks",
            "running-alerts",
            "pending-alerts",
            "spark-history-server-expiry",
            "jupyter-pool",
            "jupyter-reaper");
  }

  @Test
  void everyTransactionalBeanIsAClassProxyWithItsTransactionAndRetriesOutsideIt() {
    int transactional = 0;
    int retried = 0;
    for (Map.Entry<String, Object> entry : serviceBeans().entrySet()) {
      Class<?> type = AopUtils.getTargetClass(entry.getValue());
      boolean hasTransactions = AnnotatedElementUtils.hasAnnotation(type, Transactional.class);
      boolean hasRetries = false;
      for (Method method : type.getDeclaredMethods()) {
        hasTransactions |= AnnotatedElementUtils.hasAnnotation(method, Transactional.class);
        hasRetries |= AnnotatedElementUtils.hasAnnotation(method, Retryable.class);
      }
      if (!hasTransactions) {
        continue;
      }
      transactional++;
      // Injected by class in places: an interface proxy would not fit.
      assertThat(AopUtils.isCglibProxy(entry.getValue())).as(entry.getKey()).isTrue();
      List<Advice> advice = advice(entry.getValue());
      int transaction = indexOf(advice, TransactionInterceptor.class);
      assertThat(transaction).as("%s has its transaction advice", entry.getKey()).isNotNegative();
      if (hasRetries) {
        retried++;
        int retry = indexOf(advice, AbstractRetryInterceptor.class);
        assertThat(retry)
            .as("%s retries each attempt in a new transaction", entry.getKey())
            .isNotNegative()
            .isLessThan(transaction);
      }
    }
    // ClusterService, the library, job and Jupyter services, the stores... and the retried ones.
    assertThat(transactional).isGreaterThan(10);
    assertThat(retried).isPositive();
  }

  @Test
  void noAspectOrApplicationAdvisorExistsThatNothingWouldApply() {
    for (String name : context.getBeanDefinitionNames()) {
      Class<?> type = context.getType(name, false);
      if (type == null) {
        continue;
      }
      assertThat(AnnotatedElementUtils.hasAnnotation(type, Aspect.class))
          .as("%s is an @Aspect, which spring.aop.auto=false leaves unapplied", name)
          .isFalse();
      if (Advisor.class.isAssignableFrom(type)) {
        assertThat(context.getBeanFactory().getBeanDefinition(name).getRole())
            .as("%s is an advisor only an AspectJ or default auto-proxy would apply", name)
            .isEqualTo(BeanDefinition.ROLE_INFRASTRUCTURE);
      }
    }
  }

  private static int indexOf(List<Advice> advice, Class<?> type) {
    for (int i = 0; i < advice.size(); i++) {
      if (type.isInstance(advice.get(i))) {
        return i;
      }
    }
    return -1;
  }
}

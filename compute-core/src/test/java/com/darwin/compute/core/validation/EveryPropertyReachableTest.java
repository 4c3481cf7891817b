package com.darwin.compute.core.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.darwin.compute.core.TestSpecs;
import com.darwin.compute.model.cluster.ClusterRequest;
import com.darwin.compute.model.cluster.HeadNodeConfig;
import com.darwin.compute.model.cluster.WorkerNodeConfig;
import com.darwin.compute.model.search.SearchClusterRequest;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Path;
import jakarta.validation.TraversableResolver;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.lang.annotation.ElementType;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.validation.beanvalidation.LocalValidatorFactoryBean;

class EveryPropertyReachableTest {

  /** Requests with something wrong at each depth: the body, a node, an element of a list. */
  private static Stream<Object> invalidRequests() {
    ClusterRequest readme = TestSpecs.readmeCluster(List.of(TestSpecs.worker(2, 4, 1, 2)));
    return Stream.of(
        readme,
        TestSpecs.readmeCluster(List.of(TestSpecs.worker(2, 4, -1, 2))),
        TestSpecs.readmeCluster(
            List.of(
                TestSpecs.worker(2, 4, 1, 2),
                new WorkerNodeConfig(2, 4, null, null, null, null, null, null))),
        new ClusterRequest(
            readme.clusterName(),
            readme.tags(),
            readme.labels(),
            readme.runtime(),
            readme.inactiveTime(),
            readme.autoTerminationPolicies(),
            new HeadNodeConfig(null, null, null, null, null, null),
            readme.workerNodeConfigs(),
            readme.advanceConfig(),
            readme.user(),
            readme.isJobCluster(),
            readme.startCluster(),
            readme.cloudEnv(),
            null,
            null),
        new SearchClusterRequest("x".repeat(300), Map.of(), "created_on", "sideways", 0, -1));
  }

  @Test
  void findsTheSameViolationsAsHibernateValidatorsDefault() {
    Validator withDefault = Validation.buildDefaultValidatorFactory().getValidator();
    Validator reachable =
        Validation.byDefaultProvider()
            .configure()
            .traversableResolver(new EveryPropertyReachable())
            .buildValidatorFactory()
            .getValidator();
    invalidRequests()
        .forEach(
            request ->
                assertThat(described(reachable.validate(request)))
                    .as(request.getClass().getSimpleName())
                    .isEqualTo(described(withDefault.validate(request))));
    // Not vacuous: the negative and missing pod counts and the search's bounds are refused (a head
    // without a shape is the service's check, not a constraint, and the README body is valid).
    assertThat(invalidRequests().filter(r -> !withDefault.validate(r).isEmpty())).hasSize(3);
  }

  /**
   * The work removed: the default resolver (JPA's, since JPA is on the class path) is asked before
   * every constraint and cascade of a README-shaped body; this one answers without asking.
   */
  @Test
  void theDefaultResolverIsAskedForEveryPropertyOfEveryRequest() {
    var configuration = Validation.byDefaultProvider().configure();
    TraversableResolver jpa = configuration.getDefaultTraversableResolver();
    AtomicInteger asked = new AtomicInteger();
    Validator counting =
        configuration
            .traversableResolver(counting(jpa, asked))
            .buildValidatorFactory()
            .getValidator();
    ClusterRequest readme =
        TestSpecs.readmeCluster(
            List.of(TestSpecs.worker(2, 4, 1, 2), TestSpecs.worker(4, 8, 0, 3)));

    assertThat(counting.validate(readme)).isEmpty();
    int perRequest = asked.get();
    assertThat(counting.validate(readme)).isEmpty();

    assertThat(jpa.getClass().getName()).contains("JPA");
    assertThat(perRequest).isGreaterThan(20); // not only on the first validation: every time
    assertThat(asked.get()).isEqualTo(2 * perRequest);
  }

  @Test
  void springsValidatorIsConfiguredWithIt() {
    LocalValidatorFactoryBean validator = new LocalValidatorFactoryBean();
    validator.setConfigurationInitializer(
        c -> BeanValidationConfiguration.everyPropertyReachable().customize(c));
    validator.afterPropertiesSet();
    try {
      assertThat(validator.getTraversableResolver()).isInstanceOf(EveryPropertyReachable.class);
      assertThat(
              validator.validate(TestSpecs.readmeCluster(List.of(TestSpecs.worker(2, 4, -1, 2)))))
          .extracting(v -> v.getPropertyPath().toString())
          .containsExactly("workerNodeConfigs[0].minPods");
    } finally {
      validator.close();
    }
  }

  private static Set<String> described(Set<? extends ConstraintViolation<?>> violations) {
    return violations.stream()
        .map(v -> v.getPropertyPath() + " " + v.getMessage())
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static TraversableResolver counting(TraversableResolver delegate, AtomicInteger asked) {
    return new TraversableResolver() {
      @Override
      public boolean isReachable(
          Object o, Path.Node p, Class<?> root, Path path, ElementType type) {
        asked.incrementAndGet();
        return delegate.isReachable(o, p, root, path, type);
      }

      @Override
      public boolean isCascadable(
          Object o, Path.Node p, Class<?> root, Path path, ElementType type) {
        asked.incrementAndGet();
        return delegate.isCascadable(o, p, root, path, type);
      }
    };
  }
}

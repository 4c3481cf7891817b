package com.darwin.compute.core.config;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.jpa.repository.query.QueryEnhancerFactories;
import org.springframework.data.jpa.repository.query.QueryEnhancerSelector;
import org.springframework.data.jpa.repository.support.JpaRepositoryFactoryBean;

/**
 * The repositories' declared queries ({@code @Query}) are read by Spring Data's pattern-based query
 * enhancer, not parsed a second time by its HQL grammar.
 *
 * <p>Hibernate parses and validates each declared query when its repository is made. Spring Data
 * then parsed the 60 JPQL ones again, with its own ANTLR grammar, only to find their alias and
 * projection and to be able to add a sort or derive a count query. With its prediction cache cold,
 * that grammar's adaptive prediction was the largest allocation while the deferred repositories
 * were made, between the web server's start and readiness, and its cache stayed in the heap. The
 * serial collector ran eight full collections in those seconds and grew the heap that the image
 * then keeps (bench round 27's notes: a GC log and a flight recording, then RSS after load about 20
 * MB lower without this parse). Spring-data-jpa issue 4326 reports the same cold-start cost and was
 * addressed upstream; look again when upgrading. Native queries already used the pattern-based
 * enhancer, because JSqlParser is not on the class path.
 *
 * <p>What the patterns must read: only {@code LibraryRepository.search} is sorted and paged (one
 * root alias, a plain select, a count derived from it). {@code RuntimeRepository.runningClustersOn}
 * and {@code ClusterVisitRepository.recentWithClusters} take a {@code Pageable} for its limit only;
 * the second has two roots, so a sort for it belongs in the query. DTO results are written as
 * {@code select new ...}, which needs no rewriting. A new {@code Page} or {@code Sort} method over
 * a grouped, joined or sub-selecting query should give its own {@code countQuery} and sort in the
 * query.
 *
 * <p>Set on each repository's factory bean rather than through
 * {@code @EnableJpaRepositories(queryEnhancerSelector = ...)}. Declaring that annotation would turn
 * off Boot's repository auto-configuration, and with it the setting {@code
 * spring.data.jpa.repositories.bootstrap-mode} (the annotation would have to fix the deferred
 * bootstrap itself). Boot has no property for the selector. This holds for a start from Spring
 * AOT's generated context as long as Spring Data's AOT repositories stay off (compute-api's pom):
 * their generated code names the default selector itself.
 */
@Configuration(proxyBeanMethods = false)
public class DeclaredQueriesConfiguration {

  private static final QueryEnhancerSelector PATTERN_BASED =
      query -> QueryEnhancerFactories.fallback();

  @Bean
  static BeanPostProcessor declaredQueriesReadByPatterns() {
    return new PatternBasedEnhancerInstaller();
  }

  /**
   * Before the factory bean's {@code afterPropertiesSet}, which makes the repository factory with
   * the selector it holds then; replaces the selector its definition set.
   */
  static final class PatternBasedEnhancerInstaller implements BeanPostProcessor {

    @Override
    public Object postProcessBeforeInitialization(Object bean, String name) {
      if (bean instanceof JpaRepositoryFactoryBean<?, ?, ?> factory) {
        factory.setQueryEnhancerSelectorSource(PATTERN_BASED);
      }
      return bean;
    }
  }
}

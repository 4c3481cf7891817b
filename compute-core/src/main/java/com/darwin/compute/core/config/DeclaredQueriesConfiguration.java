package com.darwin.compute.core.config;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.jpa.repository.query.QueryEnhancerFactories;
import org.springframework.data.jpa.repository.query.QueryEnhancerSelector;
import org.springframework.data.jpa.repository.support.JpaRepositoryFactoryBean;

/**
 * The repositories' declared queries ({@code @Query}) are read by Spring Data's pattern-based query
 * enhancer, not by its HQL parser.
 *
 * <p>Spring Data parses each declared query once more, beside Hibernate's own parse, to find its
 * alias and projection and to add a sort or derive a count query. Its ANTLR grammar does so with
 * full-context prediction, and across the repositories' 90-odd queries that allocated about 400 MB
 * while the deferred repositories were made, and left its prediction cache in the heap: the serial
 * collector ran ten full collections in the first seconds after readiness and grew the heap the
 * image then keeps (bench B6, profiled with a flight recording). These queries need no more than
 * the pattern-based enhancer reads (a single root alias; a sort or count only on simple selects),
 * which Spring Data used before its parsers and still uses for native queries. Set on each
 * repository's factory bean, so that it holds for a start from Spring AOT's generated context too,
 * where no {@code @EnableJpaRepositories} is read.
 */
@Configuration(proxyBeanMethods = false)
public class DeclaredQueriesConfiguration {

  /** Every query, JPQL or native: the pattern-based enhancer. */
  public static final QueryEnhancerSelector PATTERN_BASED =
      query -> QueryEnhancerFactories.fallback();

  @Bean
  static BeanPostProcessor declaredQueriesReadByPatterns() {
    return new BeanPostProcessor() {
      @Override
      public Object postProcessBeforeInitialization(Object bean, String name) {
        if (bean instanceof JpaRepositoryFactoryBean<?, ?, ?> factory) {
          factory.setQueryEnhancerSelectorSource(PATTERN_BASED);
        }
        return bean;
      }
    };
  }
}

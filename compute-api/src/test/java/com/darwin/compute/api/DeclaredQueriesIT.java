package com.darwin.compute.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.data.repository.Repository;

/**
 * The repositories' declared queries are parsed by Hibernate alone, not a second time by Spring
 * Data's HQL grammar (core's {@code DeclaredQueriesConfiguration}): that second parse was the
 * largest allocation while the repositories were made, and left its cache in the heap (bench B6).
 * What the queries return, sorted, paged and counted, is tested where they are used (LibrariesIT's
 * sorted pages, for one).
 */
class DeclaredQueriesIT extends ApiIntegrationTest {

  @Autowired ApplicationContext context;

  @Test
  void everyRepositoryIsMadeWithoutSpringDataParsingItsQueries() {
    // Deferred repositories: made once the context is refreshed; this makes sure all are.
    assertThat(context.getBeansOfType(Repository.class)).hasSizeGreaterThan(10);

    // Hibernate parsed them (so the count reads a real cache), Spring Data's grammar nothing. The
    // caches are the JVM's: a test using Spring Data's grammar (JpaSort.unsafe, for one) that ran
    // before this one in the same JVM would fail it.
    assertThat(HqlGrammar.HIBERNATE.predictionStates()).isPositive();
    assertThat(HqlGrammar.SPRING_DATA.predictionStates()).isZero();
  }
}

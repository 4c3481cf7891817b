package com.darwin.compute.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;

class ScheduledJobErrorsTest {

  private final Logger logger = (Logger) LoggerFactory.getLogger(ScheduledJobErrors.class);
  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

  @BeforeEach
  void capture() {
    logged.start();
    logger.addAppender(logged);
  }

  @AfterEach
  void release() {
    logger.detachAppender(logged);
  }

  @Test
  void anUnreachableDatabaseIsOneLineWithoutAStackTrace() {
    new ScheduledJobErrors()
        .handleError(
            new CannotCreateTransactionException(
                "Could not open JPA EntityManager",
                new CannotGetJdbcConnectionException("timed out")));
    new ScheduledJobErrors()
        .handleError(
            new IllegalStateException(
                "wrapped", new CannotGetJdbcConnectionException("Connection is not available")));

    assertThat(logged.list).hasSize(2);
    assertThat(logged.list)
        .allSatisfy(
            e -> {
              assertThat(e.getLevel()).isEqualTo(Level.WARN);
              assertThat(e.getThrowableProxy()).isNull();
            });
  }

  @Test
  void anythingElseKeepsItsStackTrace() {
    new ScheduledJobErrors().handleError(new IllegalStateException("a bug"));

    assertThat(logged.list).hasSize(1);
    assertThat(logged.list.get(0).getLevel()).isEqualTo(Level.ERROR);
    assertThat(logged.list.get(0).getThrowableProxy().getMessage()).isEqualTo("a bug");
  }
}

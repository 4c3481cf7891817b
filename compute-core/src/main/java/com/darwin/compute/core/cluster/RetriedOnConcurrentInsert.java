package com.darwin.compute.core.cluster;

import com.darwin.compute.core.store.DuplicateKeys;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.Method;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.resilience.annotation.Retryable;
import org.springframework.resilience.retry.MethodRetryPredicate;

/**
 * {@link RetriedOnConcurrentChange} for a command that may insert a row under a unique key (a
 * runtime's name, a share's principal): when the same request sent at the same moment inserts it
 * first, this one breaks the key, runs again in a new transaction, reads the other's row and
 * answers as it would have a moment later (the name is taken, the share's level is set). Only a
 * taken unique key is retried ({@link LostRace}): a value that breaks another constraint by itself
 * (too long for its column) would break it again, so it is answered at once.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Retryable(
    includes = {OptimisticLockingFailureException.class, DataIntegrityViolationException.class},
    predicate = RetriedOnConcurrentInsert.LostRace.class,
    maxRetries = 3,
    delay = 20,
    jitter = 10)
public @interface RetriedOnConcurrentInsert {

  /** A lost optimistic race, or a unique key another write took first. */
  final class LostRace implements MethodRetryPredicate {

    @Override
    public boolean shouldRetry(Method method, Throwable failure) {
      return failure instanceof OptimisticLockingFailureException
          || (failure instanceof DataIntegrityViolationException violation
              && DuplicateKeys.isDuplicate(violation));
    }
  }
}

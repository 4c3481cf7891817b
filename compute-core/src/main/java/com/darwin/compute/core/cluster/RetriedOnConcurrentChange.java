package com.darwin.compute.core.cluster;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.resilience.annotation.Retryable;

/**
 * A command that loses an optimistic-lock race (most often with the reconciler writing the status
 * it just observed) runs again in a new transaction, up to three more times: each attempt reads the
 * cluster afresh and checks the command's preconditions again, so a retry is never a blind
 * overwrite, and a user's stop right after a create is not answered 409.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Retryable(
    includes = OptimisticLockingFailureException.class,
    maxRetries = 3,
    delay = 20,
    jitter = 10)
public @interface RetriedOnConcurrentChange {}

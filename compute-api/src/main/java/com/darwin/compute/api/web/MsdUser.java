package com.darwin.compute.api.web;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Binds the authenticated caller as an {@link com.darwin.compute.core.domain.Actor} (as the
 * timeline signs it). The caller comes from a bearer token or, behind the gateway, from {@code
 * msd-user}; the route rules have refused unidentified callers before.
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
public @interface MsdUser {
  boolean required() default true;
}

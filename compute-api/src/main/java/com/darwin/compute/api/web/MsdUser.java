package com.darwin.compute.api.web;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Binds an {@link com.darwin.compute.core.cluster.Actor} from the {@code msd-user} header ({@code
 * {"email": "..."}}). When {@link #required()} is false and the header is absent, the actor is
 * {@code anonymous}.
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
public @interface MsdUser {
  boolean required() default true;
}

package com.darwin.compute.api.security;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Route rule: any identified caller (reads, searches, previews, creates). A handler that changes
 * something must check the caller itself (a create checks the owner and the grants). With the
 * sandbox's {@code anonymous-reads}, unidentified callers pass too and the handler's {@code Caller}
 * is null: a handler that changes something must set {@link #bodyUserMayIdentify()} or refuse.
 */
@Target({ElementType.METHOD, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
public @interface CallerRoute {

  /**
   * Only with {@code compute.security.body-user-when-anonymous} (the sandbox): an unidentified
   * request is let through and the handler takes the body's user as the caller.
   */
  boolean bodyUserMayIdentify() default false;
}

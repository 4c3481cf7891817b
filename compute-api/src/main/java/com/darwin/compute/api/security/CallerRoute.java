package com.darwin.compute.api.security;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Route rule: any identified caller (reads, searches, previews, creates). A handler that changes
 * something must check the caller itself (a create checks the owner and the grants). With the
 * sandbox's {@code anonymous-reads}, unidentified callers pass a {@code GET} (and a route marked
 * {@link #readOnly()}) too, and the handler's {@code Caller} is null; any other request of theirs
 * is a 401 unless the route sets {@link #bodyUserMayIdentify()}.
 */
@Target({ElementType.METHOD, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
public @interface CallerRoute {

  /**
   * Only with {@code compute.security.body-user-when-anonymous} (the sandbox): an unidentified
   * request is let through and the handler takes the body's user as the caller.
   */
  boolean bodyUserMayIdentify() default false;

  /**
   * A {@code POST} that changes nothing (a search, a preview, a prediction): with the sandbox's
   * {@code anonymous-reads}, unidentified callers may send it as they may a {@code GET}.
   */
  boolean readOnly() default false;
}

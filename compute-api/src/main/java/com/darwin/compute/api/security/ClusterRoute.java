package com.darwin.compute.api.security;

import com.darwin.compute.core.access.ClusterOperation;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Route rule: a change of the cluster named by the path variable {@link #idVariable()}, allowed to
 * its owner, to users and groups it is shared with at the operation's level, to admins and to
 * delegates; anyone else gets a 403 saying why, written on the cluster's timeline.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface ClusterRoute {

  ClusterOperation value();

  String idVariable() default "clusterId";
}

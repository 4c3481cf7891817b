package com.darwin.compute.core.access;

/**
 * Users as configuration knows them when they are not the one calling (a share's user, a new
 * owner): their configured groups and admin standing. The web layer, which owns that configuration,
 * provides it.
 */
public interface KnownUsers {

  /** {@code user} with the groups and admin flag configuration gives them. */
  Caller configured(String user, String source);

  /** Whether this identity is a configured delegate (a service acting for users). */
  boolean isDelegate(String name);
}

package com.darwin.compute.core.access;

import com.darwin.compute.core.domain.Actor;
import java.util.Collection;
import java.util.Set;

/**
 * Who is calling, as the web layer authenticated them.
 *
 * @param name the authenticated identity (an e-mail, or a service's client name)
 * @param groups the groups of {@link #user()}: the token's and the configured ones for a caller
 *     acting as itself, only the configured ones for a delegate acting for a user
 * @param admin may change every cluster (a delegate acting for a user only when both it and that
 *     user are admins)
 * @param delegate a configured service acting for users (the workspace service, the Python SDK's
 *     {@code sdk}): trusted with every cluster and with naming another owner
 * @param onBehalfOf the user a delegate says it acts for, or null
 * @param source the address the request came from, for the timeline
 */
public record Caller(
    String name,
    Set<String> groups,
    boolean admin,
    boolean delegate,
    String onBehalfOf,
    String source) {

  public Caller {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("caller name is required");
    }
    groups = groups == null ? Set.of() : Set.copyOf(groups);
  }

  public static Caller user(String name, String source) {
    return new Caller(name, Set.of(), false, false, null, source);
  }

  /** The user whose rights apply: the represented user of a delegate, else the caller. */
  public String user() {
    return onBehalfOf != null ? onBehalfOf : name;
  }

  /** How the timeline signs this caller's changes: both identities for a delegate. */
  public Actor actor() {
    return new Actor(onBehalfOf != null ? onBehalfOf + VIA + name : name, source);
  }

  private static final String VIA = " via ";

  /** The user a signature of {@link #actor()} stands for: the represented one for a delegate. */
  public static String userSigned(String actorName) {
    if (actorName == null) {
      return null;
    }
    int via = actorName.indexOf(VIA);
    return via < 0 ? actorName : actorName.substring(0, via);
  }

  /** Admins and delegates may act on every cluster and name another owner. */
  public boolean trusted() {
    return admin || delegate;
  }

  public boolean memberOfAny(Collection<String> someGroups) {
    return someGroups.stream().anyMatch(groups::contains);
  }
}

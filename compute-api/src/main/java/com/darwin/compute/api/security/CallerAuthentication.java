package com.darwin.compute.api.security;

import com.darwin.compute.core.access.Caller;
import java.util.ArrayList;
import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** An authenticated {@link Caller}; admins carry {@code ROLE_ADMIN} for the Actuator rules. */
public final class CallerAuthentication extends AbstractAuthenticationToken {

  private final Caller caller;

  public CallerAuthentication(Caller caller) {
    super(authorities(caller));
    this.caller = caller;
    setAuthenticated(true);
  }

  private static List<GrantedAuthority> authorities(Caller caller) {
    List<GrantedAuthority> authorities = new ArrayList<>();
    if (caller.admin()) {
      authorities.add(new SimpleGrantedAuthority("ROLE_ADMIN"));
    }
    if (caller.delegate()) {
      authorities.add(new SimpleGrantedAuthority("ROLE_DELEGATE"));
    }
    caller.groups().forEach(g -> authorities.add(new SimpleGrantedAuthority("GROUP_" + g)));
    return authorities;
  }

  public Caller caller() {
    return caller;
  }

  @Override
  public Object getCredentials() {
    return "";
  }

  @Override
  public Object getPrincipal() {
    return caller.name();
  }

  @Override
  public String getName() {
    return caller.name();
  }
}

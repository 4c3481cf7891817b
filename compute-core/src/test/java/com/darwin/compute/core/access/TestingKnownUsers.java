package com.darwin.compute.core.access;

import java.util.Set;

/**
 * Users as the tests' configuration knows them: carol@example.com is in group ml, nobody else in
 * any; workspace-service is the one delegate.
 */
final class TestingKnownUsers implements KnownUsers {

  @Override
  public Caller configured(String user, String source) {
    return new Caller(
        user,
        user.equals("carol@example.com") ? Set.of("ml") : Set.of(),
        false,
        false,
        null,
        source);
  }

  @Override
  public boolean isDelegate(String name) {
    return name.equals("workspace-service");
  }
}

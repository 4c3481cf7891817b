package com.darwin.compute.core.access;

import com.darwin.compute.core.config.AccessProperties;
import com.darwin.compute.core.config.AccessProperties.Principals;
import java.util.List;
import java.util.Map;

/** The access tests' reserved Secrets: team-ml-* for group ml, fin-db for fin@example.com. */
final class TestingSecretGrants {

  private TestingSecretGrants() {}

  /** Grants of those Secrets only (no roles, targets, node pools or projects reserved). */
  static AccessProperties.Grants reserved() {
    return new AccessProperties.Grants(
        Map.of(),
        Map.of(),
        Map.of(),
        Map.of(),
        Map.of(
            "team-ml-*", new Principals(List.of(), List.of("ml")),
            "fin-db", new Principals(List.of("fin@example.com"), List.of())));
  }
}

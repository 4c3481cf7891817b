package com.darwin.compute.core.render;

import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;

/**
 * A toleration as configuration states it. Kept apart from fabric8's mutable {@link Toleration} so
 * settings stay immutable values.
 */
public record TolerationRule(String key, String operator, String value, String effect) {

  public TolerationRule {
    operator = operator == null || operator.isBlank() ? "Equal" : operator;
  }

  Toleration toToleration() {
    return new TolerationBuilder()
        .withKey(key)
        .withOperator(operator)
        // Kubernetes rejects a value with operator Exists.
        .withValue("Exists".equals(operator) ? null : value)
        .withEffect(effect)
        .build();
  }
}

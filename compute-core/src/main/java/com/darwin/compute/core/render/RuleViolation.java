package com.darwin.compute.core.render;

/**
 * A rendered cluster KubeRay (or Kubernetes) would reject or silently mishandle.
 *
 * @param field the request field (JSON path) the problem comes from, as the 400 reports it
 */
public record RuleViolation(String field, String message) {}

package com.darwin.compute.core.validation;

import jakarta.validation.Path;
import jakarta.validation.TraversableResolver;
import java.lang.annotation.ElementType;

/**
 * Bean Validation may read, and cascade into, every property. What is validated here are request
 * bodies and catalogue entries bound from JSON or YAML (records, lists, maps), never JPA entities,
 * so no property is ever a lazy association left unloaded.
 *
 * <p>Replaces Hibernate Validator's default, which, because JPA is on the class path, asks {@code
 * Persistence.getPersistenceUtil().isLoaded(object, property)} before every constraint and every
 * cascade of every validated object: the JPA providers are looked up and Hibernate reads the
 * property reflectively, once per property per request (a {@code POST /cluster} body has dozens).
 * The answer for a record is always "loaded", so the question was pure cost.
 */
public final class EveryPropertyReachable implements TraversableResolver {

  @Override
  public boolean isReachable(
      Object traversableObject,
      Path.Node traversableProperty,
      Class<?> rootBeanType,
      Path pathToTraversableObject,
      ElementType elementType) {
    return true;
  }

  @Override
  public boolean isCascadable(
      Object traversableObject,
      Path.Node traversableProperty,
      Class<?> rootBeanType,
      Path pathToTraversableObject,
      ElementType elementType) {
    return true;
  }
}

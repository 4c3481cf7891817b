package com.darwin.compute.api.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.ClassUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every property name the application can read: Spring Boot's (the configuration metadata of the
 * jars on the class path: {@code spring.datasource.url}, {@code management.*}, ...) and this
 * project's ({@code @ConfigurationProperties} records under {@code com.darwin.compute}, expanded
 * component by component, a map key being {@code *}). Answers which of them an environment variable
 * sets, by Spring's own environment-variable mapping.
 */
final class SpringPropertyNames {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static SpringPropertyNames instance;

  private final TreeSet<String> names = new TreeSet<>();

  private SpringPropertyNames() {}

  static synchronized SpringPropertyNames load() {
    if (instance == null) {
      SpringPropertyNames known = new SpringPropertyNames();
      known.addBootMetadata();
      known.addProjectRecords();
      instance = known;
    }
    return instance;
  }

  boolean contains(String name) {
    return names.contains(name);
  }

  int size() {
    return names.size();
  }

  /** The known property the environment variable {@code variable} sets, if any. */
  Optional<String> propertyOf(String variable) {
    // Named as the real one: Spring applies its environment-variable mapping by that name.
    SystemEnvironmentPropertySource environment =
        new SystemEnvironmentPropertySource(
            StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of(variable, "value"));
    ConfigurationPropertySource source =
        ConfigurationPropertySources.from(environment).iterator().next();
    // The name(s) Spring derives from the variable, for the element a map key stands for.
    List<ConfigurationPropertyName> derived =
        ((IterableConfigurationPropertySource) source).stream().toList();
    for (String known : names) {
      for (String candidate : instantiate(known, derived)) {
        if (ConfigurationPropertyName.isValid(candidate)
            && source.getConfigurationProperty(ConfigurationPropertyName.of(candidate)) != null) {
          return Optional.of(candidate);
        }
      }
    }
    return Optional.empty();
  }

  /** {@code known} itself, or with its {@code *} replaced by what the variable has there. */
  private static List<String> instantiate(String known, List<ConfigurationPropertyName> derived) {
    if (!known.contains("*")) {
      return List.of(known);
    }
    String[] parts = known.split("\\.");
    int star = List.of(parts).indexOf("*");
    List<String> out = new ArrayList<>();
    for (ConfigurationPropertyName name : derived) {
      if (star >= 0 && name.getNumberOfElements() > star) {
        String[] filled = parts.clone();
        filled[star] = name.getElement(star, ConfigurationPropertyName.Form.UNIFORM);
        out.add(String.join(".", filled));
      }
    }
    return out;
  }

  private void addBootMetadata() {
    ClassLoader loader = getClass().getClassLoader();
    for (String file :
        List.of(
            "META-INF/spring-configuration-metadata.json",
            "META-INF/additional-spring-configuration-metadata.json")) {
      try {
        for (URL url : Collections.list(loader.getResources(file))) {
          try (InputStream in = url.openStream()) {
            JsonNode metadata = JSON.readTree(in);
            for (JsonNode property : metadata.path("properties")) {
              names.add(property.get("name").asString());
            }
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private void addProjectRecords() {
    var scanner = new ClassPathScanningCandidateComponentProvider(false);
    scanner.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
    for (BeanDefinition definition : scanner.findCandidateComponents("com.darwin.compute")) {
      Class<?> type = ClassUtils.resolveClassName(definition.getBeanClassName(), null);
      ConfigurationProperties annotation = type.getAnnotation(ConfigurationProperties.class);
      String prefix = annotation.prefix().isEmpty() ? annotation.value() : annotation.prefix();
      expand(prefix, type);
    }
  }

  private void expand(String prefix, Type type) {
    if (type instanceof ParameterizedType parameterized) {
      Class<?> raw = (Class<?>) parameterized.getRawType();
      Type[] arguments = parameterized.getActualTypeArguments();
      if (Map.class.isAssignableFrom(raw)) {
        expand(prefix + ".*", arguments[1]);
        return;
      }
      if (Collection.class.isAssignableFrom(raw)) {
        names.add(prefix); // a whole list, e.g. comma-separated in one variable
        return;
      }
      expand(prefix, raw);
      return;
    }
    if (type instanceof Class<?> c && c.isRecord() && c.getName().startsWith("com.darwin.")) {
      for (RecordComponent component : c.getRecordComponents()) {
        expand(prefix + "." + kebab(component.getName()), component.getGenericType());
      }
      return;
    }
    names.add(prefix);
  }

  private static String kebab(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
  }
}

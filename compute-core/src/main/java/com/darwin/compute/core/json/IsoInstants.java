package com.darwin.compute.core.json;

import java.time.Instant;
import tools.jackson.databind.module.SimpleModule;

/**
 * The Jackson module that reads and writes instants through {@link IsoInstantText}: added to the
 * web layer's mapper (answers, request bodies) and to the Elasticsearch mapper (documents and
 * search hits).
 */
public final class IsoInstants {

  /** The module's name, as {@code JsonMapper.registeredModules()} lists it. */
  public static final String MODULE_NAME = "darwin-iso-instants";

  private IsoInstants() {}

  public static SimpleModule module() {
    SimpleModule module = new SimpleModule(MODULE_NAME);
    module.addSerializer(Instant.class, IsoInstantSerializer.INSTANCE);
    module.addDeserializer(Instant.class, IsoInstantDeserializer.INSTANCE);
    return module;
  }
}

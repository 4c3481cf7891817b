package com.darwin.compute.core.json;

import java.util.List;
import tools.jackson.databind.JacksonModule;

/**
 * This package's modules, in one list for every mapper that reads or writes the service's JSON (the
 * web layer's and Elasticsearch's), so the two cannot drift apart.
 */
public final class JsonModules {

  private JsonModules() {}

  public static List<JacksonModule> all() {
    return List.of(IsoInstants.module(), RecordConstructors.module(), EnumFactories.module());
  }
}

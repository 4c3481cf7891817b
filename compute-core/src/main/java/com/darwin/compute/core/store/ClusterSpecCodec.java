package com.darwin.compute.core.store;

import com.darwin.compute.model.cluster.ClusterRequest;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one JSON form of a stored spec. Reading ignores fields it no longer knows, and the record's
 * constructor fills in what older rows lack, so a spec written by any earlier version still reads.
 * Used by {@link ClusterSpecConverter}; nothing else reads or writes the column's JSON.
 */
public class ClusterSpecCodec {

  private final JsonMapper mapper =
      JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  public String write(ClusterRequest spec) {
    return mapper.writeValueAsString(spec);
  }

  public ClusterRequest read(String json) {
    return mapper.readValue(json, ClusterRequest.class);
  }
}

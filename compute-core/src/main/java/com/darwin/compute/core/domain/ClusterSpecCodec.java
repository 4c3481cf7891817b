package com.darwin.compute.core.domain;

import com.darwin.compute.model.cluster.ClusterRequest;
import org.springframework.stereotype.Component;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Converts the stored JSON spec to and from the request record. */
@Component
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

package com.darwin.compute.api.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ManifestControllerTest {

  @Test
  void jsonOnlyWhenTheClientPrefersIt() {
    assertThat(ManifestController.wantsJson(null)).isFalse();
    assertThat(ManifestController.wantsJson("*/*")).isFalse();
    assertThat(ManifestController.wantsJson("application/yaml")).isFalse();
    assertThat(ManifestController.wantsJson("application/json")).isTrue();
    assertThat(ManifestController.wantsJson("application/json, */*;q=0.5")).isTrue();
    assertThat(ManifestController.wantsJson("application/yaml, application/json;q=0.9")).isFalse();
    assertThat(ManifestController.wantsJson("application/yaml;q=0.5, application/json")).isTrue();
    assertThat(ManifestController.wantsJson("not a media type")).isFalse();
  }
}

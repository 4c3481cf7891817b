package com.darwin.compute.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.darwin.compute.core.config.GpuCatalogProperties;
import com.darwin.compute.core.config.RenderConfiguration;
import com.darwin.compute.core.render.NodePlacement;
import com.darwin.compute.core.render.RenderSettings;
import com.darwin.compute.core.render.TolerationRule;
import com.darwin.compute.model.cluster.CapacityType;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;

/**
 * The shipped application.yml binds to the render settings as intended: label keys with dots and
 * slashes survive (they need brackets), GPU shapes map to instance families, units convert.
 */
class RenderSettingsBindingTest {

  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties(GpuCatalogProperties.class)
  static class Catalogue {}

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withInitializer(
              context -> {
                try {
                  new YamlPropertySourceLoader()
                      .load("application.yml", new ClassPathResource("application.yml"))
                      .forEach(s -> context.getEnvironment().getPropertySources().addLast(s));
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              })
          .withUserConfiguration(Catalogue.class, RenderConfiguration.class);

  @Test
  void applicationYmlBindsToTheRenderSettings() {
    runner.run(
        context -> {
          RenderSettings settings = context.getBean(RenderSettings.class);
          NodePlacement spot = settings.nodePools().placement(null, CapacityType.SPOT);
          assertThat(spot.nodeSelector()).containsEntry("karpenter.sh/capacity-type", "spot");
          assertThat(spot.tolerations())
              .containsExactly(new TolerationRule("darwin.io/spot", "Exists", null, "NoSchedule"));
          // A node type without its own pool uses the default type's.
          assertThat(settings.nodePools().placement("memory", CapacityType.ONDEMAND).nodeSelector())
              .containsEntry("karpenter.sh/capacity-type", "on-demand");
          assertThat(settings.nodePools().placement("gpu", CapacityType.ONDEMAND).nodeSelector())
              .containsEntry("darwin.io/node-pool", "gpu");
          assertThat(settings.gpu().resourceName()).isEqualTo("nvidia.com/gpu");
          assertThat(settings.gpu().instanceFamilies())
              .containsEntry("NVIDIA T4", "g4dn")
              .containsEntry("NVIDIA A100 80GB", "p5");
          assertThat(settings.gpu().tolerations())
              .extracting(TolerationRule::key)
              .containsExactly("nvidia.com/gpu");
          assertThat(settings.workspace().mountPath()).isEqualTo("/home/ray/fsx");
          assertThat(settings.workspace().size()).isEqualTo("100Gi");
          assertThat(settings.pods().jupyter().memory()).isEqualTo("1Gi");
          assertThat(settings.pods().initScriptTimeout()).hasMinutes(5);
          assertThat(settings.pods().instanceRoles()).hasSize(4);
          assertThat(settings.pods().diskStorageClasses()).containsKeys("gp2", "gp3");
          assertThat(settings.pods().probes().livenessFailureThreshold()).isEqualTo(120);
          // Each cluster isolated, admitting the proxy, the control plane and Prometheus.
          assertThat(settings.network().isolation()).isTrue();
          assertThat(settings.network().allowedFrom())
              .extracting(p -> p.podLabels().get("app.kubernetes.io/name"))
              .containsExactly("nginx-proxy-server", "darwin-compute", null);
          assertThat(settings.network().allowedFrom().get(2).namespaceLabels())
              .containsEntry("kubernetes.io/metadata.name", "prometheus");
        });
  }
}

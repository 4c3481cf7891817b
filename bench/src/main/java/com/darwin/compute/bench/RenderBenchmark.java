package com.darwin.compute.bench;

import com.darwin.compute.core.render.KubeRayRules;
import com.darwin.compute.core.render.RayClusterRenderer;
import com.darwin.compute.core.render.RenderInput;
import com.darwin.compute.core.render.RenderedCluster;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What rendering a cluster costs, against the floor every apply pays anyway: serializing the
 * already-rendered objects to the JSON sent to the API server.
 *
 * <ul>
 *   <li>{@code render}: spec to objects (the reconciler does this on every pass);
 *   <li>{@code renderAndCheck}: plus KubeRay's rules (what request validation adds);
 *   <li>{@code serializeOnly}: the floor, JSON of the objects rendered once in setup.
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RenderBenchmark {

  @Param({"quick-start", "large"})
  public String cluster;

  private RayClusterRenderer renderer;
  private KubeRayRules rules;
  private RenderInput input;
  private List<HasMetadata> rendered;

  @Setup
  public void setUp() {
    renderer = new RayClusterRenderer(BenchClusters.settings());
    rules = new KubeRayRules("nvidia.com/gpu");
    input = "large".equals(cluster) ? BenchClusters.large() : BenchClusters.quickStart();
    rendered = renderer.render(input).objects();
    if (!rules.check(renderer.render(input)).isEmpty()) {
      throw new IllegalStateException("benchmark cluster breaks KubeRay's rules");
    }
  }

  @Benchmark
  public RenderedCluster render() {
    return renderer.render(input);
  }

  @Benchmark
  public Object renderAndCheck() {
    return rules.check(renderer.render(input));
  }

  @Benchmark
  public void serializeOnly(Blackhole sink) {
    for (HasMetadata object : rendered) {
      sink.consume(Serialization.asJson(object));
    }
  }
}

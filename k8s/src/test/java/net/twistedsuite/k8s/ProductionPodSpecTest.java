package net.twistedsuite.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kubernetes.client.openapi.models.V1Namespace;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every check of the base's pods, on the production overlay's. */
class ProductionPodSpecTest extends PodSpecTest {

  @Override
  RenderedManifests rendered() {
    return RenderedManifests.production();
  }

  @Override
  List<String> accessModes(Workload w) {
    return w.name().equals("fib") ? List.of("ReadWriteOncePod") : List.of("ReadWriteOnce");
  }

  @Test
  @Override
  void theNamespaceEnforcesTheRestrictedPodSecurityStandard() {
    V1Namespace namespace = RenderedManifests.productionCluster().get("Namespace", "twisted-suite", V1Namespace.class);
    assertEquals("restricted", namespace.getMetadata().getLabels().get("pod-security.kubernetes.io/enforce"));
  }
}

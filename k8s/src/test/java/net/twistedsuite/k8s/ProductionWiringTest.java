package net.twistedsuite.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Every wiring check of the base, on the production overlay. */
class ProductionWiringTest extends ManifestWiringTest {

  @Override
  RenderedManifests rendered() {
    return RenderedManifests.production();
  }

  @Override
  Set<String> expectedObjects() {
    Set<String> objects = new TreeSet<>(super.expectedObjects());
    objects.add("Service fib-headless");
    return objects;
  }

  @Test
  @Override
  void everyImageIsTheSuiteImageOfTheServiceAtThisVersion() {
    for (Workload w : Workload.all(rendered())) {
      String image = w.container().getImage();
      assertTrue(image.matches("[a-z0-9.-]+(:[0-9]+)?/[a-z0-9./-]+/" + w.name() + "@sha256:[0-9a-f]{64}"),
          w + ": the image is pinned by digest, without a tag: " + image);
      assertEquals("IfNotPresent", w.container().getImagePullPolicy(), w + " image pull policy");
    }
  }
}

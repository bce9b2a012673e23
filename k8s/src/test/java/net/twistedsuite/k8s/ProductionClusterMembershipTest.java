package net.twistedsuite.k8s;

/** Every check of the base's Vert.x cluster, on the production overlay's. */
class ProductionClusterMembershipTest extends ClusterMembershipTest {

  @Override
  RenderedManifests rendered() {
    return RenderedManifests.production();
  }
}

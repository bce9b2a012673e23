package net.twistedsuite.k8s;

/** Every check of the base's NetworkPolicies, on the production overlay's. */
class ProductionNetworkPolicyTest extends NetworkPolicyTest {

  @Override
  RenderedManifests rendered() {
    return RenderedManifests.production();
  }
}

package net.twistedsuite.k8s;

import io.kubernetes.client.custom.IntOrString;
import io.kubernetes.client.openapi.models.V1IPBlock;
import io.kubernetes.client.openapi.models.V1LabelSelector;
import io.kubernetes.client.openapi.models.V1LabelSelectorRequirement;
import io.kubernetes.client.openapi.models.V1NetworkPolicy;
import io.kubernetes.client.openapi.models.V1NetworkPolicyPeer;
import io.kubernetes.client.openapi.models.V1NetworkPolicyPort;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The NetworkPolicies of the suite's namespace, evaluated as the Kubernetes network model
 * defines them (networking.k8s.io/v1): a connection is allowed when the source's egress policies
 * let it out and the destination's ingress policies let it in; a pod no policy of a direction
 * selects is open in that direction; rules add up.
 */
final class NetworkPolicies {

  /**
   * One end of a connection: a pod (with its namespace's labels, and the ports it opens by name)
   * or an address outside the cluster ({@code ip} set, no labels).
   */
  record Endpoint(String description, String namespace, Map<String, String> namespaceLabels,
      Map<String, String> podLabels, Map<String, Integer> namedPorts, String ip) {

    static Endpoint pod(String description, String namespace, Map<String, String> namespaceLabels,
        Map<String, String> podLabels, Map<String, Integer> namedPorts) {
      Map<String, String> labels = new HashMap<>(namespaceLabels);
      labels.put("kubernetes.io/metadata.name", namespace);
      return new Endpoint(description, namespace, Map.copyOf(labels), podLabels, namedPorts, null);
    }

    static Endpoint outside(String description, String ip) {
      return new Endpoint(description, null, Map.of(), Map.of(), Map.of(), ip);
    }

    boolean isPod() {
      return ip == null;
    }

    @Override
    public String toString() {
      return description;
    }
  }

  private final String namespace;
  private final List<V1NetworkPolicy> policies;

  NetworkPolicies(String namespace, List<V1NetworkPolicy> policies) {
    this.namespace = namespace;
    this.policies = List.copyOf(policies);
  }

  /** Whether {@code from} may open a connection to {@code port}/{@code protocol} of {@code to}. */
  boolean allows(Endpoint from, Endpoint to, int port, String protocol) {
    return egressAllows(from, to, port, protocol) && ingressAllows(from, to, port, protocol);
  }

  /** One rule of a policy, either way: the peers it names and the ports it opens. */
  private record Rule(List<V1NetworkPolicyPeer> peers, List<V1NetworkPolicyPort> ports) {
  }

  private boolean egressAllows(Endpoint from, Endpoint to, int port, String protocol) {
    return rulesAllow(from, "Egress", policy -> nonNull(policy.getSpec().getEgress()).stream()
        .map(rule -> new Rule(rule.getTo(), rule.getPorts())).toList(), to, to, port, protocol);
  }

  private boolean ingressAllows(Endpoint from, Endpoint to, int port, String protocol) {
    return rulesAllow(to, "Ingress", policy -> nonNull(policy.getSpec().getIngress()).stream()
        .map(rule -> new Rule(rule.getFrom(), rule.getPorts())).toList(), from, to, port, protocol);
  }

  /**
   * Whether the {@code type} policies selecting {@code subject} let {@code peer} reach
   * {@code port}/{@code protocol} of {@code to}. A pod outside the namespace, or selected by no
   * policy of that type, is not restricted that way.
   */
  private boolean rulesAllow(Endpoint subject, String type, Function<V1NetworkPolicy, List<Rule>> rules,
      Endpoint peer, Endpoint to, int port, String protocol) {
    if (!inNamespace(subject)) {
      return true;
    }
    List<V1NetworkPolicy> applying = applying(subject, type);
    if (applying.isEmpty()) {
      return true;
    }
    for (V1NetworkPolicy policy : applying) {
      for (Rule rule : rules.apply(policy)) {
        if (peersMatch(rule.peers(), peer) && portsMatch(rule.ports(), to, port, protocol)) {
          return true;
        }
      }
    }
    return false;
  }

  private boolean inNamespace(Endpoint e) {
    return e.isPod() && namespace.equals(e.namespace());
  }

  private List<V1NetworkPolicy> applying(Endpoint pod, String direction) {
    return policies.stream()
        .filter(p -> selects(p.getSpec().getPodSelector(), pod.podLabels()))
        .filter(p -> policyTypes(p).contains(direction))
        .toList();
  }

  /** policyTypes as the API server defaults them when they are left out. */
  private static List<String> policyTypes(V1NetworkPolicy p) {
    if (p.getSpec().getPolicyTypes() != null && !p.getSpec().getPolicyTypes().isEmpty()) {
      return p.getSpec().getPolicyTypes();
    }
    return p.getSpec().getEgress() == null ? List.of("Ingress") : List.of("Ingress", "Egress");
  }

  /** An empty or absent peer list matches every endpoint. */
  private boolean peersMatch(List<V1NetworkPolicyPeer> peers, Endpoint e) {
    if (peers == null || peers.isEmpty()) {
      return true;
    }
    return peers.stream().anyMatch(peer -> peerMatches(peer, e));
  }

  private boolean peerMatches(V1NetworkPolicyPeer peer, Endpoint e) {
    if (peer.getIpBlock() != null) {
      // Pod addresses are left out here: policies name pods by label, addresses name the outside.
      return !e.isPod() && inBlock(peer.getIpBlock(), e.ip());
    }
    if (!e.isPod()) {
      return false;
    }
    if (peer.getNamespaceSelector() == null) {
      return namespace.equals(e.namespace()) && selects(peer.getPodSelector(), e.podLabels());
    }
    return selects(peer.getNamespaceSelector(), e.namespaceLabels())
        && (peer.getPodSelector() == null || selects(peer.getPodSelector(), e.podLabels()));
  }

  private static boolean portsMatch(List<V1NetworkPolicyPort> ports, Endpoint to, int port, String protocol) {
    if (ports == null || ports.isEmpty()) {
      return true;
    }
    for (V1NetworkPolicyPort p : ports) {
      if (!Objects.requireNonNullElse(p.getProtocol(), "TCP").equals(protocol)) {
        continue;
      }
      IntOrString named = p.getPort();
      if (named == null) {
        return true;
      }
      if (named.isInteger()) {
        int end = p.getEndPort() == null ? named.getIntValue() : p.getEndPort();
        if (port >= named.getIntValue() && port <= end) {
          return true;
        }
      } else if (Integer.valueOf(port).equals(to.namedPorts().get(named.getStrValue()))) {
        return true;
      }
    }
    return false;
  }

  static boolean selects(V1LabelSelector selector, Map<String, String> labels) {
    if (selector == null) {
      return false;
    }
    Map<String, String> match = RenderedManifests.labels(selector.getMatchLabels());
    if (!labels.entrySet().containsAll(match.entrySet())) {
      return false;
    }
    for (V1LabelSelectorRequirement r : nonNull(selector.getMatchExpressions())) {
      String value = labels.get(r.getKey());
      List<String> values = nonNull(r.getValues());
      boolean ok = switch (r.getOperator()) {
        case "In" -> value != null && values.contains(value);
        case "NotIn" -> value == null || !values.contains(value);
        case "Exists" -> value != null;
        case "DoesNotExist" -> value == null;
        default -> throw new AssertionError("unknown selector operator " + r.getOperator());
      };
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static boolean inBlock(V1IPBlock block, String ip) {
    if (!inCidr(block.getCidr(), ip)) {
      return false;
    }
    return nonNull(block.getExcept()).stream().noneMatch(cidr -> inCidr(cidr, ip));
  }

  private static boolean inCidr(String cidr, String ip) {
    try {
      String[] parts = cidr.split("/");
      byte[] net = InetAddress.getByName(parts[0]).getAddress();
      byte[] addr = InetAddress.getByName(ip).getAddress();
      if (net.length != addr.length) {
        return false;
      }
      int bits = Integer.parseInt(parts[1]);
      for (int i = 0; i < bits; i++) {
        int mask = 0x80 >> (i % 8);
        if ((net[i / 8] & mask) != (addr[i / 8] & mask)) {
          return false;
        }
      }
      return true;
    } catch (UnknownHostException e) {
      throw new AssertionError("not an address: " + cidr + " / " + ip, e);
    }
  }

  private static <T> List<T> nonNull(List<T> list) {
    return list == null ? List.of() : list;
  }
}

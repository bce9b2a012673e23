package net.twistedsuite.common;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.config.Config;
import com.hazelcast.config.InterfacesConfig;
import com.hazelcast.config.ListenerConfig;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Hazelcast configuration a service joins the cluster with: the file Vert.x finds
 * ({@code cluster.xml} in the jar, or {@code -Dvertx.hazelcast.config=FILE}), bound to one
 * address, with one log line per member that joins or leaves.
 *
 * <p>Hazelcast binds its member port to every interface unless {@code hazelcast.socket.bind.any}
 * is false, whatever interface the file names; anyone who reached that port could join the
 * cluster and send event-bus messages past every service's access rule. So the socket is always
 * bound to one address: the one given with {@code -cluster-host} (the pod IP on Kubernetes), else
 * the interface the file names, else the one Hazelcast picks. The event bus listens on the same
 * address: Vert.x uses {@code -cluster-host}, or the address Hazelcast bound to.
 */
final class ClusterSetup {

  private static final Logger LOG = LoggerFactory.getLogger(ClusterSetup.class);
  static final String BIND_ANY = "hazelcast.socket.bind.any";

  private ClusterSetup() {
  }

  /** The configuration file's settings, joining {@code clusterName} when it is not blank. */
  static Config load(String clusterName) {
    Config config = ConfigUtil.loadConfig();
    if (clusterName != null && !clusterName.isBlank()) {
      config.setClusterName(clusterName.trim());
    }
    config.setProperty(BIND_ANY, "false");
    config.addListenerConfig(new ListenerConfig(new MembershipLog()));
    return config;
  }

  /**
   * Binds the member port to {@code host} (a name or an address; null or blank leaves the file's
   * choice). Hazelcast matches interfaces by address, so a name is resolved here.
   */
  static void bindTo(Config config, String host) {
    if (host == null || host.isBlank()) {
      return;
    }
    String address;
    try {
      address = InetAddress.getByName(host.trim()).getHostAddress();
    } catch (UnknownHostException e) {
      throw new ConfigException("-cluster-host", "unknown host: " + host);
    }
    if (isWildcard(address)) {
      throw new ConfigException("-cluster-host", "must be one address of this machine, got " + host);
    }
    InterfacesConfig interfaces = config.getNetworkConfig().getInterfaces();
    interfaces.clear();
    interfaces.setEnabled(true).addInterface(address);
  }

  private static boolean isWildcard(String address) {
    return address.equals("0.0.0.0") || address.equals("::") || address.equals("0:0:0:0:0:0:0:0");
  }

  /** One line per membership change; Hazelcast's own account of it is multi-line. */
  private static final class MembershipLog implements MembershipListener {

    @Override
    public void memberAdded(MembershipEvent event) {
      LOG.info(event.getMember().localMember() ? "cluster: joined as {}; {} members" : "cluster: member {} joined; {} members",
          event.getMember().getAddress(), event.getMembers().size());
    }

    @Override
    public void memberRemoved(MembershipEvent event) {
      LOG.info("cluster: member {} left; {} members", event.getMember().getAddress(), event.getMembers().size());
    }
  }
}

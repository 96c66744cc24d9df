package io.sdnest.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class DnsReplicasTest {

  private final Map<String, InetAddress[]> dns = new HashMap<>();
  private final DnsReplicas replicas = new DnsReplicas(List.of(URI.create("http://inference-headless:8081")),
      url -> URI.create("http://" + url.getHost() + ":" + (url.getPort() + 920)), host -> {
        InetAddress[] found = dns.get(host);
        if (found == null) {
          throw new UnknownHostException(host);
        }
        return found;
      });

  private static InetAddress ip(String address) throws UnknownHostException {
    return InetAddress.getByName(address);
  }

  @Test
  void everyAddressOfTheHeadlessServiceIsOneReplicaWithItsManagementUrl() throws Exception {
    dns.put("inference-headless", new InetAddress[] {ip("10.1.0.7"), ip("10.1.0.9")});
    List<Upstream> found = replicas.resolve(List.of());
    assertThat(found).extracting(Upstream::label).containsExactly("10.1.0.7:8081", "10.1.0.9:8081");
    assertThat(found).extracting(u -> u.managementUrl().toString())
        .containsExactly("http://10.1.0.7:9001", "http://10.1.0.9:9001");
  }

  @Test
  void replicasThatStayKeepTheirStateAndGoneOnesLeave() throws Exception {
    dns.put("inference-headless", new InetAddress[] {ip("10.1.0.7"), ip("10.1.0.9")});
    List<Upstream> first = replicas.resolve(List.of());
    first.get(1).acquire();
    dns.put("inference-headless", new InetAddress[] {ip("10.1.0.9"), ip("10.1.0.12")});
    List<Upstream> second = replicas.resolve(first);
    assertThat(second).extracting(Upstream::label).containsExactly("10.1.0.9:8081", "10.1.0.12:8081");
    assertThat(second.get(0)).isSameAs(first.get(1));
    assertThat(second.get(0).inFlight()).isEqualTo(1);
  }

  @Test
  void aServiceScaledToZeroHasNoReplicasAndThePoolOffersNone() {
    List<Upstream> found = replicas.resolve(List.of());
    assertThat(found).isEmpty();
    assertThat(new UpstreamPool(Upstreams.INFERENCE, found).candidates()).isEmpty();
  }
}

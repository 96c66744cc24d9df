package io.sdnest.gateway.routing;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.quarkus.logging.Log;

/**
 * Turns the configured inference URLs into one replica per address their hosts resolve to, keeping the replicas that
 * are still there (with their in-flight counts and health) and dropping those that are gone.
 */
public final class DnsReplicas {

  /** Looks a host up; throws {@link UnknownHostException} when it has no address (e.g. scaled to zero). */
  public interface Resolver {
    InetAddress[] resolve(String host) throws UnknownHostException;
  }

  private final List<URI> urls;
  private final Function<URI, URI> managementUrl;
  private final Resolver resolver;

  public DnsReplicas(List<URI> urls, Function<URI, URI> managementUrl, Resolver resolver) {
    this.urls = List.copyOf(urls);
    this.managementUrl = managementUrl;
    this.resolver = resolver;
  }

  /** The replicas now, reusing the {@link Upstream} objects of {@code current} whose address is unchanged. */
  public List<Upstream> resolve(List<Upstream> current) {
    Map<String, Upstream> known = new LinkedHashMap<>();
    current.forEach(u -> known.put(u.label(), u));
    Map<String, Upstream> next = new LinkedHashMap<>();
    for (URI url : urls) {
      InetAddress[] addresses;
      try {
        addresses = resolver.resolve(url.getHost());
      } catch (UnknownHostException e) {
        Log.debugf("No address for inference host %s (yet)", url.getHost());
        continue;
      }
      for (InetAddress address : addresses) {
        URI replica = withHost(url, address.getHostAddress());
        String label = replica.getHost() + ":" + Upstream.port(replica);
        next.computeIfAbsent(label, l -> known.containsKey(l) ? known.get(l)
            : new Upstream(Upstreams.INFERENCE, replica, managementUrl.apply(replica)));
      }
    }
    return new ArrayList<>(next.values());
  }

  private static URI withHost(URI url, String host) {
    try {
      return new URI(url.getScheme(), null, host, Upstream.port(url), url.getPath(), null, null);
    } catch (URISyntaxException e) {
      throw new IllegalStateException("Cannot build a replica URL for " + host + " from " + url, e);
    }
  }
}

package io.sdnest.downloader.security;

import io.sdnest.common.net.AddressPolicy;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;

/**
 * Resolves a host once and hands the HTTP client only the addresses that pass {@link AddressPolicy}, so the
 * connection goes to an address that was checked — a second lookup (DNS rebinding) cannot swap it.
 */
public class GuardedDnsResolver implements DnsResolver {

  private final boolean allowLoopback;

  /** {@code allowLoopback} is the test switch: fake hubs run on loopback; metadata and private ranges stay refused. */
  public GuardedDnsResolver(boolean allowLoopback) {
    this.allowLoopback = allowLoopback;
  }

  @Override
  public InetAddress[] resolve(String host) throws UnknownHostException {
    InetAddress[] all = InetAddress.getAllByName(UrlGuard.requireCanonicalHost(host));
    InetAddress[] allowed = Arrays.stream(all).filter(this::allowed).toArray(InetAddress[]::new);
    if (allowed.length == 0) {
      throw new BlockedAddressException(host + " resolves to a " + AddressPolicy.refusal(all[0]) + " address ("
          + all[0].getHostAddress() + "), which downloads may not reach");
    }
    return allowed;
  }

  private boolean allowed(InetAddress a) {
    String refusal = AddressPolicy.refusal(a);
    return refusal == null || (allowLoopback && refusal.equals("loopback"));
  }

  @Override
  public String resolveCanonicalHostname(String host) throws UnknownHostException {
    return SystemDefaultDnsResolver.INSTANCE.resolveCanonicalHostname(host);
  }
}

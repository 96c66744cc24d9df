package io.sdnest.downloader.security;

import io.sdnest.common.net.AddressPolicy;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.sdnest.common.error.ApiException;
import io.sdnest.downloader.config.DownloaderConfig;

/**
 * Decides whether a URL may be fetched: scheme, port, the host allow-list of the source it belongs to (a hub's
 * {@link HostSet}, or the plain-URL hosts) and — through {@link GuardedDnsResolver}, at connect time — the resolved
 * address. Applied to the pasted URL and to every redirect hop.
 */
@ApplicationScoped
public class UrlGuard {

  private static final Pattern NUMERIC_HOST = Pattern.compile("^(0x[0-9a-f]+|[0-9]+)(\\.(0x[0-9a-f]+|[0-9]+))*\\.?$");
  private static final Pattern DOTTED_QUAD = Pattern.compile("^((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])$");

  private static final int HTTPS_PORT = 443;
  private static final int HTTP_PORT = 80;

  private final boolean allowHttp;
  private final boolean allowPrivateAddresses;
  private final List<String> extraHosts;
  private final HostSet directHosts;
  private final Set<Integer> allowedPorts;
  private final GuardedDnsResolver resolver;

  public UrlGuard(DownloaderConfig config) {
    this.allowHttp = config.allowHttp();
    this.resolver = new GuardedDnsResolver(config.allowPrivateAddresses());
    this.extraHosts = config.extraHosts().orElse(List.of());
    List<String> direct = new ArrayList<>(config.directHosts());
    direct.addAll(extraHosts);
    this.directHosts = HostSet.of("plain URLs (sdnest.downloader.direct-hosts)", direct);
    Set<Integer> ports = new LinkedHashSet<>();
    ports.add(HTTPS_PORT);
    if (allowHttp) {
      ports.add(HTTP_PORT);
    }
    for (URI endpoint : List.of(config.modelscope().endpoint(), config.modelscope().aiEndpoint(),
        config.liblib().apiEndpoint(), config.civitai().endpoint(), config.huggingface().endpoint())) {
      ports.add(portOf(endpoint));
    }
    config.extraPorts().ifPresent(ports::addAll);
    this.allowedPorts = Set.copyOf(ports);
    this.allowPrivateAddresses = config.allowPrivateAddresses();
  }

  /** At startup, not at the first download: a test switch left on in production shows in the first lines of the log. */
  void warnAboutTestSwitches(@Observes StartupEvent event) {
    if (allowHttp) {
      Log.warn("sdnest.downloader.allow-http is ON: plain http downloads are allowed. This is for tests only.");
    }
    if (allowPrivateAddresses) {
      Log.warn("sdnest.downloader.allow-private-addresses is ON: downloads may reach loopback addresses. "
          + "This is for tests only.");
    }
  }

  public GuardedDnsResolver resolver() {
    return resolver;
  }

  /**
   * A hub's host set: its own domains (API and CDN, from {@code sdnest.downloader.<hub>.hosts}), the hosts of its
   * configured endpoints and the extra hosts. Its downloads, API calls and every redirect hop stay within it.
   */
  public HostSet hubHosts(String hub, List<String> domains, URI... endpoints) {
    List<String> all = new ArrayList<>(domains);
    for (URI endpoint : endpoints) {
      all.add(hostOf(endpoint));
    }
    all.addAll(extraHosts);
    return HostSet.of(hub + " (sdnest.downloader." + hub + ".hosts)", all);
  }

  /** The hosts a pasted plain URL, and its redirects, may reach. */
  public HostSet directHosts() {
    return directHosts;
  }

  /** Checks scheme, credentials, host and port of a URL; throws a 400 that says what is wrong. */
  public URI check(URI uri, HostSet hosts) {
    if (uri == null || !uri.isAbsolute() || uri.isOpaque()) {
      throw ApiException.badRequest("Not an absolute URL: " + uri);
    }
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !(allowHttp && scheme.equals("http"))) {
      throw ApiException.badRequest("Only https URLs are allowed, not " + scheme + ":");
    }
    if (uri.getRawUserInfo() != null) {
      throw ApiException.badRequest("URLs with user:password@ are not allowed; pass a token instead");
    }
    String host = hostOf(uri);
    if (host.isEmpty()) {
      throw ApiException.badRequest("The URL has no host");
    }
    try {
      requireCanonicalHost(host);
    } catch (UnknownHostException e) {
      throw ApiException.badRequest(e.getMessage());
    }
    if (!hosts.allows(host)) {
      throw ApiException.badRequest("Host " + host + " is not on the download allow-list of " + hosts.owner()
          + "; sdnest.downloader.extra-hosts adds hosts");
    }
    int port = portOf(uri);
    if (!allowedPorts.contains(port)) {
      throw ApiException.badRequest("Port " + port + " of " + host + " is not allowed: downloads use the standard https "
          + "port " + HTTPS_PORT + " (sdnest.downloader.extra-ports adds ports)");
    }
    return uri;
  }

  /** Checks a URL and that its host resolves to an address downloads may reach. */
  public URI checkReachable(URI uri, HostSet hosts) {
    check(uri, hosts);
    try {
      resolver.resolve(hostOf(uri));
    } catch (BlockedAddressException e) {
      throw ApiException.badRequest(e.getMessage());
    } catch (UnknownHostException e) {
      throw ApiException.badRequest("Unknown host " + hostOf(uri));
    }
    return uri;
  }

  private static int portOf(URI uri) {
    if (uri.getPort() >= 0) {
      return uri.getPort();
    }
    return "http".equalsIgnoreCase(uri.getScheme()) ? HTTP_PORT : HTTPS_PORT;
  }

  /**
   * Refuses numeric hosts in any form but the canonical dotted quad (decimal {@code 2130706433}, octal
   * {@code 0177.0.0.1}, hex {@code 0x7f.1}): resolvers disagree on what they mean.
   */
  static String requireCanonicalHost(String host) throws UnknownHostException {
    String h = host.toLowerCase(Locale.ROOT);
    if (NUMERIC_HOST.matcher(h).matches() && !DOTTED_QUAD.matcher(h).matches()) {
      throw new BlockedAddressException("The host " + host + " is an IP address in a non-standard form");
    }
    return host;
  }

  public static String hostOf(URI uri) {
    String host = uri.getHost();
    if (host == null) {
      return "";
    }
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    return host.toLowerCase(Locale.ROOT);
  }

  /** For tests and logs: whether the literal is an IP address the policy refuses. */
  public static boolean isRefusedLiteral(String literal) throws UnknownHostException {
    return AddressPolicy.refusal(InetAddress.getByName(literal)) != null;
  }
}

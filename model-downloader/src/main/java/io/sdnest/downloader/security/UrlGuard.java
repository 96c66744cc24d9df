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
 * Decides whether a URL may be fetched: scheme, host allow-list and — through {@link GuardedDnsResolver}, at
 * connect time — the resolved address. Applied to the pasted URL and to every redirect hop.
 */
@ApplicationScoped
public class UrlGuard {

  private static final Pattern NUMERIC_HOST = Pattern.compile("^(0x[0-9a-f]+|[0-9]+)(\\.(0x[0-9a-f]+|[0-9]+))*\\.?$");
  private static final Pattern DOTTED_QUAD = Pattern.compile("^((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])$");

  private final boolean allowHttp;
  private final boolean allowPrivateAddresses;
  private final Set<String> allowedHosts;
  private final GuardedDnsResolver resolver;

  public UrlGuard(DownloaderConfig config) {
    this.allowHttp = config.allowHttp();
    this.resolver = new GuardedDnsResolver(config.allowPrivateAddresses());
    Set<String> hosts = new LinkedHashSet<>();
    hosts.addAll(config.modelscope().hosts());
    hosts.addAll(config.liblib().hosts());
    hosts.addAll(config.civitai().hosts());
    hosts.addAll(config.huggingface().hosts());
    config.extraHosts().ifPresent(hosts::addAll);
    for (URI endpoint : List.of(config.modelscope().endpoint(), config.modelscope().aiEndpoint(),
        config.liblib().apiEndpoint(), config.civitai().endpoint(), config.huggingface().endpoint())) {
      hosts.add(hostOf(endpoint));
    }
    List<String> normalised = new ArrayList<>();
    hosts.forEach(h -> normalised.add(h.trim().toLowerCase(Locale.ROOT)));
    this.allowedHosts = Set.copyOf(normalised);
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

  /** Checks scheme, credentials and host of a URL; throws a 400 that says what is wrong. */
  public URI check(URI uri) {
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
    if (!isAllowedHost(host)) {
      throw ApiException.badRequest("Host " + host + " is not on the download allow-list "
          + "(sdnest.downloader.extra-hosts adds hosts)");
    }
    return uri;
  }

  /** Checks a URL and that its host resolves to an address downloads may reach. */
  public URI checkReachable(URI uri) {
    check(uri);
    try {
      resolver.resolve(hostOf(uri));
    } catch (BlockedAddressException e) {
      throw ApiException.badRequest(e.getMessage());
    } catch (UnknownHostException e) {
      throw ApiException.badRequest("Unknown host " + hostOf(uri));
    }
    return uri;
  }

  public boolean isAllowedHost(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    for (String allowed : allowedHosts) {
      if (h.equals(allowed) || h.endsWith("." + allowed)) {
        return true;
      }
    }
    return false;
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

package io.sdnest.downloader.security;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The hosts one source may reach — a hub's API and CDN hosts, or the hosts plain URLs may name — each entry
 * allowing itself and its subdomains. {@code owner} names the source in refusals.
 */
public record HostSet(String owner, Set<String> domains) {

  public HostSet {
    Set<String> normalised = new LinkedHashSet<>();
    for (String d : domains) {
      String h = d.trim().toLowerCase(Locale.ROOT);
      if (!h.isEmpty()) {
        normalised.add(h.endsWith(".") ? h.substring(0, h.length() - 1) : h);
      }
    }
    domains = Set.copyOf(normalised);
  }

  public static HostSet of(String owner, List<String> domains) {
    return new HostSet(owner, new LinkedHashSet<>(domains));
  }

  public boolean allows(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    if (h.endsWith(".")) {
      h = h.substring(0, h.length() - 1);
    }
    for (String d : domains) {
      if (h.equals(d) || h.endsWith("." + d)) {
        return true;
      }
    }
    return false;
  }
}

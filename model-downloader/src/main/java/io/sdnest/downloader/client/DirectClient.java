package io.sdnest.downloader.client;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import jakarta.enterprise.context.ApplicationScoped;

import io.sdnest.downloader.security.HostSet;
import io.sdnest.downloader.security.UrlGuard;

/**
 * Any other URL whose host is on the plain-URL list (a hub's CDN link, say): fetched as it is, named by the answer
 * or the URL.
 */
@ApplicationScoped
public class DirectClient implements HubClient {

  private final HostSet hosts;

  public DirectClient(UrlGuard guard) {
    this.hosts = guard.directHosts();
  }

  @Override
  public HostSet hosts() {
    return hosts;
  }

  @Override
  public boolean recognises(URI url) {
    return true;
  }

  @Override
  public Resolution resolve(URI url, Optional<String> token) {
    return Resolution.single("direct", new RemoteFile(url.getPath(), Optional.empty(), url, OptionalLong.empty(),
        Optional.empty(), Map.of(), hosts));
  }
}

package io.sdnest.downloader.client;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import jakarta.enterprise.context.ApplicationScoped;

/** Any other URL on the allow-list (a hub's CDN link, say): fetched as it is, named by the answer or the URL. */
@ApplicationScoped
public class DirectClient implements HubClient {

  @Override
  public boolean recognises(URI url) {
    return true;
  }

  @Override
  public Resolution resolve(URI url, Optional<String> token) {
    return Resolution.single("direct", new RemoteFile(url.getPath(), Optional.empty(), url, OptionalLong.empty(),
        Optional.empty(), Map.of()));
  }
}

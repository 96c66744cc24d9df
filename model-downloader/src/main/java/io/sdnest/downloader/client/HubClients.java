package io.sdnest.downloader.client;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

/** Picks the hub for a pasted URL; anything else on the allow-list is a direct download. */
@ApplicationScoped
public class HubClients {

  private final List<HubClient> hubs;
  private final DirectClient direct;

  public HubClients(ModelScopeClient modelScope, LiblibClient liblib, CivitaiClient civitai, HuggingFaceClient huggingFace,
      DirectClient direct) {
    this.hubs = List.of(modelScope, liblib, civitai, huggingFace);
    this.direct = direct;
  }

  public Resolution resolve(URI url, Optional<String> token) throws IOException {
    return hubFor(url).resolve(url, token);
  }

  public HubClient hubFor(URI url) {
    return hubs.stream().filter(h -> h.recognises(url)).findFirst().orElse(direct);
  }

  static boolean hostIs(URI url, String... domains) {
    String host = url.getHost() == null ? "" : url.getHost().toLowerCase(java.util.Locale.ROOT);
    for (String d : domains) {
      if (host.equals(d) || host.endsWith("." + d)) {
        return true;
      }
    }
    return false;
  }

  /** The endpoint's scheme and authority with the pasted URL's path and query. */
  static URI onEndpoint(URI endpoint, String rawPathAndQuery) {
    String base = endpoint.toString();
    if (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    return URI.create(base + rawPathAndQuery);
  }
}

package io.sdnest.downloader.client;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import jakarta.enterprise.context.ApplicationScoped;

import io.sdnest.common.error.ApiException;
import io.sdnest.downloader.config.DownloaderConfig;
import io.sdnest.downloader.security.HostSet;
import io.sdnest.downloader.security.UrlGuard;

/** Hugging Face {@code resolve} (and {@code blob}) file URLs; the token is sent to Hugging Face only. */
@ApplicationScoped
public class HuggingFaceClient implements HubClient {

  private final DownloaderConfig.HuggingFace config;
  private final HostSet hosts;

  public HuggingFaceClient(DownloaderConfig config, UrlGuard guard) {
    this.config = config.huggingface();
    this.hosts = guard.hubHosts("huggingface", this.config.hosts(), this.config.endpoint());
  }

  @Override
  public HostSet hosts() {
    return hosts;
  }

  @Override
  public boolean recognises(URI url) {
    return HubClients.hostIs(url, "huggingface.co", "hf.co", "hf-mirror.com");
  }

  @Override
  public void validate(URI url) {
    resolve(url, Optional.empty());
  }

  @Override
  public Resolution resolve(URI url, Optional<String> token) {
    UrlParts p = UrlParts.of(url);
    int at = p.segments().indexOf("resolve") >= 0 ? p.segments().indexOf("resolve") : p.segments().indexOf("blob");
    if (at < 2 || p.segment(at + 1) == null || p.rest(at + 2).isEmpty()) {
      throw ApiException.badRequest("Not a Hugging Face file URL: expected https://huggingface.co/<repo>/resolve/<revision>/<path>");
    }
    StringBuilder path = new StringBuilder();
    for (int i = 0; i < p.segments().size(); i++) {
      path.append('/').append(UrlParts.encode(i == at ? "resolve" : p.segments().get(i)).replace("+", "%20"));
    }
    URI source = HubClients.onEndpoint(config.endpoint(), path.toString());
    String file = p.rest(at + 2);
    Map<String, String> auth = token.map(t -> Map.of("Authorization", "Bearer " + t)).orElse(Map.of());
    return Resolution.single("huggingface", new RemoteFile(file, Optional.of(file.substring(file.lastIndexOf('/') + 1)),
        source, OptionalLong.empty(), Optional.empty(), auth, hosts));
  }
}

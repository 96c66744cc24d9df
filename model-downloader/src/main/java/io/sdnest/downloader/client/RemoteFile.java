package io.sdnest.downloader.client;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import io.sdnest.downloader.security.HostSet;

/**
 * One file to fetch. {@code path} is the hub's path (relative to the repo for a folder download); {@code name}
 * the file name the hub suggests (empty: take it from Content-Disposition or the URL). {@code hubHeaders} carry
 * credentials and go only to {@code source}'s host. {@code hosts} are the hosts its hub may send the download to:
 * every redirect hop must stay within them. {@code reResolvable}: {@code source} is a short-lived URL a hub API handed
 * out (liblib's download API), so a 403 or 410 from it means "ask the hub again", as it does after a presigned redirect.
 */
public record RemoteFile(String path, Optional<String> name, URI source, OptionalLong size, Optional<String> sha256,
    Map<String, String> hubHeaders, HostSet hosts, boolean reResolvable) {

  public RemoteFile(String path, Optional<String> name, URI source, OptionalLong size, Optional<String> sha256,
      Map<String, String> hubHeaders, HostSet hosts) {
    this(path, name, source, size, sha256, hubHeaders, hosts, false);
  }

  public RemoteFile withSource(URI newSource) {
    return new RemoteFile(path, name, newSource, size, sha256, hubHeaders, hosts, reResolvable);
  }
}

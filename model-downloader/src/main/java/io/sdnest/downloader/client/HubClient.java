package io.sdnest.downloader.client;

import java.io.IOException;
import java.net.URI;
import java.util.Optional;

import io.sdnest.downloader.security.HostSet;

/** A model hub: recognises the URLs users paste from it and turns them into files to fetch. */
public interface HubClient {

  /** Whether this hub owns the pasted URL (decided by its host). */
  boolean recognises(URI url);

  /** The hosts this hub's links, API calls, downloads and their redirects may reach. */
  HostSet hosts();

  /** Asks the hub's API what to fetch. {@code token} is the user's hub token for this job only. */
  Resolution resolve(URI url, Optional<String> token) throws IOException;

  /** Checks the URL's form without calling the hub; throws a 400 when it cannot be one of this hub's links. */
  default void validate(URI url) {
  }
}

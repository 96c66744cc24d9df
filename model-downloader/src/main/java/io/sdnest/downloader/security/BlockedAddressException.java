package io.sdnest.downloader.security;

import java.net.UnknownHostException;

/**
 * A host resolved only to addresses a download must not reach. An {@link UnknownHostException} so the HTTP client
 * stops before connecting.
 */
public class BlockedAddressException extends UnknownHostException {

  public BlockedAddressException(String message) {
    super(message);
  }
}

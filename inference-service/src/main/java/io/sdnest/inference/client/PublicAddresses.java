package io.sdnest.inference.client;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** Which resolved addresses an image fetch may connect to: public unicast only. */
final class PublicAddresses {

  private PublicAddresses() {
  }

  /** Why {@code address} is refused (loopback, private, ...), or {@code null} when it is public. */
  static String refusal(InetAddress address) {
    InetAddress a = asIpv4IfEmbedded(address);
    if (a.isLoopbackAddress()) {
      return "loopback";
    }
    if (a.isAnyLocalAddress()) {
      return "unspecified";
    }
    if (a.isLinkLocalAddress()) {
      return "link-local (cloud metadata)";
    }
    if (a.isSiteLocalAddress()) {
      return "private";
    }
    if (a.isMulticastAddress()) {
      return "multicast";
    }
    byte[] b = a.getAddress();
    if (a instanceof Inet4Address) {
      int b0 = b[0] & 0xff;
      int b1 = b[1] & 0xff;
      if (b0 == 100 && b1 >= 64 && b1 <= 127) {
        return "carrier-grade NAT (or cloud metadata)";
      }
      boolean reserved = b0 == 0 || b0 >= 240 || b0 == 192 && b1 == 0 && b[2] == 0
          || b0 == 198 && (b1 == 18 || b1 == 19);
      return reserved ? "reserved" : null;
    }
    int first = b[0] & 0xff;
    if ((first & 0xfe) == 0xfc) {
      return "unique local";
    }
    // 6to4 (2002::/16), Teredo (2001::/32) and the rest of ::/8 can tunnel to any IPv4 address
    if (first == 0x20 && (b[1] == 0x02 || b[1] == 0x01 && b[2] == 0 && b[3] == 0) || first == 0) {
      return "tunnelled or reserved";
    }
    return null;
  }

  /** IPv4-mapped and IPv4-compatible IPv6 addresses are judged as the IPv4 address they carry. */
  private static InetAddress asIpv4IfEmbedded(InetAddress address) {
    if (!(address instanceof Inet6Address)) {
      return address;
    }
    byte[] b = address.getAddress();
    for (int i = 0; i < 10; i++) {
      if (b[i] != 0) {
        return address;
      }
    }
    boolean mapped = (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
    boolean compatible = b[10] == 0 && b[11] == 0 && (b[12] != 0 || b[13] != 0);
    if (!mapped && !compatible) {
      return address;
    }
    try {
      return InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]});
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }
}

package io.sdnest.common.net;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** Which resolved addresses an outbound fetch (downloads, image URLs) may connect to: public unicast only. */
public final class AddressPolicy {

  private AddressPolicy() {
  }

  /** Why the address is refused, or {@code null} when it is a public unicast address. */
  public static String refusal(InetAddress address) {
    InetAddress a = unwrapMapped(address);
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
      if (b0 == 100 && b1 == 100 && (b[2] & 0xff) == 100 && (b[3] & 0xff) == 200) {
        return "cloud metadata";
      }
      if (b0 == 100 && b1 >= 64 && b1 <= 127) {
        return "carrier-grade NAT";
      }
      if (b0 == 0 || b0 >= 240 || (b0 == 192 && b1 == 0 && (b[2] & 0xff) == 0) || (b0 == 198 && (b1 == 18 || b1 == 19))) {
        return "reserved";
      }
      return null;
    }
    int w0 = b[0] & 0xff;
    if ((w0 & 0xfe) == 0xfc) {
      return "unique local";
    }
    if (w0 == 0x20 && (b[1] & 0xff) == 0x02) {
      return "6to4";
    }
    if (w0 == 0x20 && (b[1] & 0xff) == 0x01 && b[2] == 0 && b[3] == 0) {
      return "Teredo";
    }
    if (w0 == 0 && isNat64(b)) {
      return refusal(v4(b, 12)) == null ? null : "NAT64 of a non-public address";
    }
    if (w0 == 0) {
      return "reserved";
    }
    return null;
  }

  /** IPv4-mapped ({@code ::ffff:a.b.c.d}) and IPv4-compatible ({@code ::a.b.c.d}) addresses are judged as IPv4. */
  static InetAddress unwrapMapped(InetAddress address) {
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
    return mapped || compatible ? v4(b, 12) : address;
  }

  private static boolean isNat64(byte[] b) {
    return (b[0] & 0xff) == 0 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b;
  }

  private static InetAddress v4(byte[] b, int from) {
    try {
      return InetAddress.getByAddress(new byte[] {b[from], b[from + 1], b[from + 2], b[from + 3]});
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }
}

package io.sdnest.common.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AddressPolicyTest {

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1", "127.8.9.10", "::1", "0.0.0.0", "::", "10.1.2.3", "172.16.0.1", "172.31.255.255",
      "192.168.0.1", "169.254.169.254", "169.254.0.1", "100.100.100.200", "100.64.0.1", "100.127.255.255", "224.0.0.1",
      "255.255.255.255", "198.18.0.1", "::ffff:127.0.0.1", "::ffff:169.254.169.254", "::ffff:10.0.0.1", "::127.0.0.1",
      "fd00::1", "fc00::1", "fe80::1", "ff02::1", "64:ff9b::a9fe:a9fe", "2002:7f00:1::1", "2001:0:4136:e378::1"})
  void nonPublicAddressesAreRefused(String literal) throws UnknownHostException {
    assertThat(AddressPolicy.refusal(InetAddress.getByName(literal))).as(literal).isNotNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"8.8.8.8", "47.96.1.1", "104.18.0.1", "100.63.255.255", "100.128.0.1", "172.32.0.1", "2606:4700::1111",
      "64:ff9b::808:808"})
  void publicAddressesAreAllowed(String literal) throws UnknownHostException {
    assertThat(AddressPolicy.refusal(InetAddress.getByName(literal))).as(literal).isNull();
  }
}

package io.sdnest.downloader.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.UnknownHostException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GuardedDnsResolverTest {

  @Test
  void theGuardedResolverRefusesAHostThatOnlyResolvesToLoopbackUnlessTheTestSwitchIsOn() throws UnknownHostException {
    assertThatThrownBy(() -> new GuardedDnsResolver(false).resolve("localhost")).isInstanceOf(BlockedAddressException.class)
        .hasMessageContaining("loopback");
    assertThat(new GuardedDnsResolver(true).resolve("127.0.0.1")).isNotEmpty();
    assertThatThrownBy(() -> new GuardedDnsResolver(true).resolve("169.254.169.254")).isInstanceOf(BlockedAddressException.class);
    assertThatThrownBy(() -> new GuardedDnsResolver(true).resolve("10.0.0.1")).isInstanceOf(BlockedAddressException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"2130706433", "0177.0.0.1", "0x7f.0.0.1", "0x7f000001", "127.1", "127.0.1", "017700000001", "1.2.3.04"})
  void numericHostsInNonStandardFormsAreRefused(String host) {
    assertThatThrownBy(() -> UrlGuard.requireCanonicalHost(host)).isInstanceOf(BlockedAddressException.class);
  }
}

package io.sdnest.downloader;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/** The production guard (allow-private-addresses off): every non-public address is refused with a 400. */
@QuarkusTest
@TestProfile(SsrfGuardWithoutTestSwitchTest.PrivateAddressesOff.class)
class SsrfGuardWithoutTestSwitchTest extends DownloadTestSupport {

  public static class PrivateAddressesOff implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("sdnest.downloader.allow-private-addresses", "false",
          "sdnest.downloader.extra-hosts", "localhost,127.0.0.1,10.0.0.1,172.16.5.4,192.168.1.1,169.254.169.254,"
              + "100.100.100.200,100.64.0.1,0.0.0.0,::1,::ffff:127.0.0.1,::ffff:a9fe:a9fe,fd00::1,fe80::1,224.0.0.1");
    }
  }

  @ParameterizedTest
  @CsvSource({
      "http://127.0.0.1/m.safetensors,loopback",
      "http://localhost/m.safetensors,loopback",
      "http://10.0.0.1/m.safetensors,private",
      "http://172.16.5.4/m.safetensors,private",
      "http://192.168.1.1/m.safetensors,private",
      "http://169.254.169.254/latest/meta-data/,link-local",
      "http://100.100.100.200/latest/meta-data/,cloud metadata",
      "http://100.64.0.1/m.safetensors,carrier-grade NAT",
      "http://0.0.0.0/m.safetensors,unspecified",
      "http://[::1]/m.safetensors,loopback",
      "http://[::ffff:127.0.0.1]/m.safetensors,loopback",
      "http://[::ffff:a9fe:a9fe]/m.safetensors,link-local",
      "http://[fd00::1]/m.safetensors,unique local",
      "http://[fe80::1]/m.safetensors,link-local",
      "http://224.0.0.1/m.safetensors,multicast",
      "http://2130706433/m.safetensors,non-standard form",
      "http://017700000001/m.safetensors,non-standard form",
      "http://0177.0.0.1/m.safetensors,non-standard form",
      "http://0x7f000001/m.safetensors,non-standard form"})
  void nonPublicAddressesAreRefused(String url, String why) {
    given().contentType(ContentType.JSON).body(Map.of("url", url, "type", "LORA", "name", "ssrf"))
        .post("/downloader/v1/downloads").then().statusCode(400).body("error", equalTo("BadRequest"))
        .body("detail", containsString(why));
    assertThat(partFiles()).isZero();
    assertThat(DATA.resolve("models/Lora/ssrf.safetensors")).doesNotExist();
  }
}

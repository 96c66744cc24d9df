package io.sdnest.downloader.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.HashMap;
import java.util.Map;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A ModelScope API served over HTTPS on 127.0.0.1 (a throw-away self-signed certificate, trusted through the JVM's
 * trust store properties while the resource runs) and a plain-HTTP CDN reached as "localhost".
 */
public class FakeTlsHub implements QuarkusTestResourceLifecycleManager {

  private static final String PASSWORD = "fake-hub";
  private static final String[] TRUST_PROPERTIES = {"javax.net.ssl.trustStore", "javax.net.ssl.trustStorePassword",
      "javax.net.ssl.trustStoreType"};

  public static FakeServer api;
  public static FakeServer cdn;
  private final Map<String, String> savedProperties = new HashMap<>();

  @Override
  public Map<String, String> start() {
    try {
      FakeHubs.wipe(Path.of("target/test-data"));
      Path keyStore = selfSignedKeyStore();
      KeyStore ks = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(keyStore)) {
        ks.load(in, PASSWORD.toCharArray());
      }
      KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(ks, PASSWORD.toCharArray());
      SSLContext tls = SSLContext.getInstance("TLS");
      tls.init(keys.getKeyManagers(), null, null);
      api = new FakeServer(tls);
      cdn = new FakeServer();
      for (String p : TRUST_PROPERTIES) {
        savedProperties.put(p, System.getProperty(p));
      }
      // the downloader's HTTP client builds its TLS context from the default trust store when it is created
      System.setProperty("javax.net.ssl.trustStore", keyStore.toString());
      System.setProperty("javax.net.ssl.trustStorePassword", PASSWORD);
      System.setProperty("javax.net.ssl.trustStoreType", "PKCS12");
    } catch (IOException | InterruptedException | java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
    return Map.of("sdnest.downloader.modelscope.endpoint", api.base("127.0.0.1") + "/cn",
        "sdnest.downloader.extra-ports", String.valueOf(cdn.port()));
  }

  private static Path selfSignedKeyStore() throws IOException, InterruptedException {
    Path file = Path.of("target/fake-tls-hub.p12").toAbsolutePath();
    Files.deleteIfExists(file);
    Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-alias", "hub", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
        "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore", file.toString(),
        "-storepass", PASSWORD, "-keypass", PASSWORD).redirectErrorStream(true).start();
    String output = new String(keytool.getInputStream().readAllBytes());
    if (keytool.waitFor() != 0) {
      throw new IOException("keytool failed: " + output);
    }
    return file;
  }

  @Override
  public void stop() {
    savedProperties.forEach((k, v) -> {
      if (v == null) {
        System.clearProperty(k);
      } else {
        System.setProperty(k, v);
      }
    });
    api.close();
    cdn.close();
  }
}

package io.sdnest.common.data;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.quarkus.logging.Log;
import io.sdnest.common.config.SdnestConfig;

/** Gives every service the data volume, with its folders created at start. */
@ApplicationScoped
public class DataLayoutProducer {

  @Produces
  @Singleton
  DataLayout dataLayout(SdnestConfig config) {
    DataLayout layout = new DataLayout(config.dataDir()).createMissing();
    Log.infof("Data directory: %s", layout.root());
    return layout;
  }
}

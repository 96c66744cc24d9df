package io.sdnest.inference.engine.model;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.sdnest.common.data.DataLayout;

/** The registry over the data volume's {@code models/Stable-diffusion}, with the hash cache in {@code state/cache.json}. */
@ApplicationScoped
public class ModelRegistryProducer {

  @Produces
  @Singleton
  ModelRegistry modelRegistry(DataLayout data) {
    return new ModelRegistry(data.checkpoints(), new HashCache(data.state().resolve("cache.json")));
  }
}

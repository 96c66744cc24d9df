package io.sdnest.inference.engine.onnx;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.sdnest.inference.config.InferenceConfig;

/** The service's one session factory, on the configured execution provider. */
@ApplicationScoped
public class OnnxSessionFactoryProducer {

  @Produces
  @Singleton
  OnnxSessionFactory sessionFactory(InferenceConfig config) {
    return new OnnxSessionFactory(config.executionProvider(), config.deviceId(), config.cpuThreads());
  }
}

package io.sdnest.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/** Kubernetes resources rendered by kustomize, as JSON trees. */
record Manifests(List<JsonNode> resources) {

  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  static Manifests parse(String yaml) {
    try (var parser = YAML.getFactory().createParser(yaml)) {
      List<JsonNode> docs = new ArrayList<>();
      YAML.readValues(parser, JsonNode.class).forEachRemaining(doc -> {
        if (doc != null && !doc.isNull() && !doc.isEmpty()) {
          docs.add(doc);
        }
      });
      return new Manifests(List.copyOf(docs));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Stream<JsonNode> ofKind(String kind) {
    return resources.stream().filter(r -> kind.equals(r.path("kind").asText()));
  }

  Optional<JsonNode> find(String kind, String name) {
    return ofKind(kind).filter(r -> name.equals(r.path("metadata").path("name").asText())).findFirst();
  }

  JsonNode get(String kind, String name) {
    return find(kind, name).orElseThrow(() -> new AssertionError("no " + kind + " named " + name));
  }

  /** ConfigMaps and Secrets from generators carry a hash suffix: find them by the name they were generated with. */
  Optional<JsonNode> generated(String kind, String baseName) {
    return ofKind(kind).filter(r -> r.path("metadata").path("name").asText().matches(java.util.regex.Pattern.quote(baseName) + "(-[a-z0-9]{10})?"))
        .findFirst();
  }

  boolean defines(String kind, String name) {
    return find(kind, name).isPresent();
  }

  static String name(JsonNode resource) {
    return resource.path("metadata").path("name").asText();
  }

  static JsonNode podSpec(JsonNode workload) {
    return workload.path("spec").path("template").path("spec");
  }

  static Stream<JsonNode> each(JsonNode array) {
    return array == null || array.isMissingNode() ? Stream.empty() : StreamSupport.stream(array.spliterator(), false);
  }

  static JsonNode at(JsonNode node, String pointer) {
    JsonNode found = node.at(pointer);
    return found == null ? MissingNode.getInstance() : found;
  }
}

package io.sdnest.inference.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** Every /sdapi/v1 operation documents its response schema with an example, and its request body's schema. */
@QuarkusTest
class OpenApiDocumentTest {

  @TestHTTPResource(value = "/", management = true)
  URL management;

  @Test
  void everyA1111OperationHasSchemasAndAnExample() throws Exception {
    String json = given().accept("application/json").get(management + "openapi?format=json").then().statusCode(200)
        .extract().asString();
    JsonNode doc = new ObjectMapper().readTree(json);
    List<String> problems = new ArrayList<>();
    int operations = 0;
    for (Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").fields(); paths.hasNext(); ) {
      Map.Entry<String, JsonNode> path = paths.next();
      if (!path.getKey().startsWith("/sdapi/v1/")) {
        continue;
      }
      for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
        Map.Entry<String, JsonNode> op = ops.next();
        operations++;
        String name = op.getKey().toUpperCase() + " " + path.getKey();
        JsonNode response = op.getValue().path("responses").path("200").path("content").path("application/json");
        if (response.path("schema").isMissingNode() || response.path("schema").isEmpty()) {
          problems.add(name + ": no 200 application/json schema");
        } else if (!hasExample(doc, response)) {
          problems.add(name + ": no example for the response");
        }
        JsonNode body = op.getValue().path("requestBody");
        if (!body.isMissingNode()) {
          JsonNode request = body.path("content").path("application/json");
          if (request.path("schema").isMissingNode() || request.path("schema").isEmpty()) {
            problems.add(name + ": request body without schema");
          } else if (!hasExample(doc, request)) {
            problems.add(name + ": no example for the request");
          }
        }
      }
    }
    assertThat(operations).isGreaterThan(30);
    assertThat(problems).isEmpty();
  }

  /** An example on the media type, or on the schema, its items or its properties (OpenAPI 3.1 "examples" too). */
  private static boolean hasExample(JsonNode doc, JsonNode media) {
    if (media.has("example") || media.has("examples")) {
      return true;
    }
    JsonNode schema = resolve(doc, media.path("schema"));
    JsonNode items = resolve(doc, schema.path("items"));
    for (JsonNode s : List.of(schema, items)) {
      if (s.has("example") || s.has("examples")) {
        return true;
      }
      for (JsonNode property : s.path("properties")) {
        if (property.has("example") || property.has("examples")) {
          return true;
        }
      }
    }
    return false;
  }

  private static JsonNode resolve(JsonNode doc, JsonNode schema) {
    if (schema.has("$ref")) {
      String name = schema.get("$ref").asText().substring("#/components/schemas/".length());
      return doc.path("components").path("schemas").path(name);
    }
    return schema;
  }
}

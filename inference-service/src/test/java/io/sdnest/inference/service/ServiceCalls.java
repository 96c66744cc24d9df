package io.sdnest.inference.service;

import static io.restassured.RestAssured.given;

import java.net.URL;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.sdnest.common.security.TrustedHeaders;

/** HTTP calls and waits shared by the service's HTTP tests. */
public final class ServiceCalls {

  /** Only against a hang: far beyond anything these tests need on a busy 2-core machine. */
  private static final long GIVE_UP_NANOS = 10L * 60 * 1_000_000_000L;

  private ServiceCalls() {
  }

  /** The images of a synchronous txt2img. */
  public static List<String> txt2img(String body) {
    return given().contentType(ContentType.JSON).body(body).post("/sdapi/v1/txt2img").then().statusCode(200)
        .extract().jsonPath().getList("images", String.class);
  }

  /** The id of an async txt2img job. */
  public static String submit(String body) {
    return given().contentType(ContentType.JSON).body(body).post("/sdapi/v1/txt2img?async=true").then()
        .statusCode(202).extract().jsonPath().getString("id");
  }

  /** A call from {@code user}, as the gateway passes it. */
  public static RequestSpecification as(String user) {
    return given().header(TrustedHeaders.USER, user).header(TrustedHeaders.ROLES, "user");
  }

  /** The id of an async txt2img job of {@code user}. */
  public static String submit(String user, String body) {
    return as(user).contentType(ContentType.JSON).body(body).post("/sdapi/v1/txt2img?async=true").then()
        .statusCode(202).extract().jsonPath().getString("id");
  }

  public static JsonPath job(String id) {
    return given().get("/sdnest/v1/jobs/" + id).then().statusCode(200).extract().jsonPath();
  }

  public static String state(String id) {
    return job(id).getString("state");
  }

  public static void awaitState(String id, String... states) throws InterruptedException {
    await("job " + id + " in " + List.of(states), () -> List.of(states).contains(state(id)));
  }

  /** Cancels a job (or forgets it if it has finished) and waits until it has stopped. */
  public static void cancel(String id) throws InterruptedException {
    given().delete("/sdnest/v1/jobs/" + id);
    await("job " + id + " stopped", () -> {
      var response = given().get("/sdnest/v1/jobs/" + id);
      return response.statusCode() == 404
          || List.of("done", "failed", "cancelled").contains(response.jsonPath().getString("state"));
    });
  }

  /** Polls {@code condition} until it holds. */
  public static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long start = System.nanoTime();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - start > GIVE_UP_NANOS) {
        throw new AssertionError("gave up waiting for " + what);
      }
      Thread.sleep(50);
    }
  }

  /** The value of a sample (with its tags, if any) in {@code /q/metrics}, 0 if it is absent. */
  public static double metric(URL management, String sample) {
    String text = given().get(management + "metrics").then().statusCode(200).extract().asString();
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(sample) + " (\\S+)$").matcher(text);
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }
}

package org.yizhan.account;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.yizhan.Server;
import org.yizhan.testing.Http;
import org.yizhan.testing.TestServers;

/**
 * Verifies the admin.md promise that a super admin cannot disable or demote their own account (a
 * 400 naming the field, nothing changed), while they can do both to another super admin.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class OwnAccountProtectionIT {

  private static Server server;
  private static Http http;

  @BeforeAll
  static void start() throws Exception {
    server = TestServers.start(Optional.empty());
    http = new Http(server.port());
    for (String name : new String[] {"boss", "other-boss"}) {
      HttpResponse<String> r =
          send(
              http.admin("/api/v1/accounts"),
              "POST",
              new JsonObject()
                  .put("username", name)
                  .put("role", "super_admin")
                  .put("password", name + "-secret-pw"));
      assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void aSuperAdminCannotDisableOrDemoteThemselves() throws Exception {
    String token = token("boss");
    HttpResponse<String> disable =
        send(as(token, "/api/v1/accounts/boss"), "PUT", new JsonObject().put("disabled", true));
    assertRefusedNaming(disable, "disabled");
    HttpResponse<String> demote =
        send(as(token, "/api/v1/accounts/boss"), "PUT", new JsonObject().put("role", "planner"));
    assertRefusedNaming(demote, "role");

    HttpResponse<String> me = http.send(as(token, "/api/v1/auth/me").GET());
    assertThat(me.statusCode()).as("still signed in: not disabled").isEqualTo(200);
    assertThat(new JsonObject(me.body()).getString("role")).isEqualTo("super_admin");
  }

  @Test
  void aSuperAdminCanDisableAndDemoteAnotherOne() throws Exception {
    String token = token("boss");
    HttpResponse<String> demote =
        send(
            as(token, "/api/v1/accounts/other-boss"),
            "PUT",
            new JsonObject().put("role", "planner").put("disabled", true));
    assertThat(demote.statusCode()).as(demote.body()).isEqualTo(200);
    assertThat(new JsonObject(demote.body()).getString("role")).isEqualTo("planner");
    assertThat(new JsonObject(demote.body()).getBoolean("disabled")).isTrue();
  }

  private static void assertRefusedNaming(HttpResponse<String> r, String field) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(r.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/problem+json");
    JsonArray errors = new JsonObject(r.body()).getJsonArray("errors");
    assertThat(errors.stream().map(e -> ((JsonObject) e).getString("field"))).contains(field);
  }

  private static String token(String name) throws Exception {
    HttpResponse<String> r =
        send(
            http.request("/api/v1/auth/login"),
            "POST",
            new JsonObject().put("username", name).put("password", name + "-secret-pw"));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return new JsonObject(r.body()).getString("token");
  }

  private static HttpRequest.Builder as(String token, String path) {
    return http.request(path).header("Authorization", "Bearer " + token);
  }

  private static HttpResponse<String> send(HttpRequest.Builder b, String method, JsonObject body)
      throws Exception {
    return http.send(
        b.header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(body.encode())));
  }
}

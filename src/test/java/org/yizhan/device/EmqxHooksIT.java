package org.yizhan.device;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.yizhan.Server;
import org.yizhan.testing.Http;
import org.yizhan.testing.TestServers;

/**
 * EMQX's HTTP authentication and authorization hooks over real HTTP, with the request bodies EMQX's
 * documented templates send ({@code ${username}}, {@code ${password}}, {@code ${clientid}}, {@code
 * ${topic}}, {@code ${action}}): devices are judged by the registry and the contract's ACL, other
 * user names are left to the broker ("ignore"), the token guards the routes and without it set they
 * do not exist.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class EmqxHooksIT {

  private static final String TOKEN = "emqx-hook-token-0123456789";
  private static final String AUTHN = "/api/v1/broker/emqx/authn";
  private static final String AUTHZ = "/api/v1/broker/emqx/authz";

  @Test
  void verifiesThatAuthenticationFollowsTheRegistry() throws Exception {
    try (Server server = start()) {
      Http http = new Http(server.port());
      http.createStation("emqx-a", "甲", 112.55, 37.87);
      JsonObject dev = http.provisionDevice("emqx-a", 60);
      String id = dev.getString("id");
      String secret = dev.getString("secret");

      assertThat(authn(http, id, secret))
          .isEqualTo(new JsonObject("{\"result\":\"allow\",\"is_superuser\":false}"));
      assertThat(authn(http, id, secret + "x").getString("result")).isEqualTo("deny");
      assertThat(authn(http, "yizhan-instance-1", "whatever").getString("result"))
          .isEqualTo("ignore");

      HttpResponse<String> rotated =
          http.send(
              http.admin("/api/v1/devices/" + id + "/rotate-secret")
                  .POST(HttpRequest.BodyPublishers.noBody()));
      assertThat(rotated.statusCode()).isEqualTo(200);
      String newSecret = new JsonObject(rotated.body()).getString("secret");
      assertThat(authn(http, id, secret).getString("result")).isEqualTo("deny");
      assertThat(authn(http, id, newSecret).getString("result")).isEqualTo("allow");

      HttpResponse<String> disabled =
          http.send(
              http.admin("/api/v1/devices/" + id + "/disable")
                  .POST(HttpRequest.BodyPublishers.noBody()));
      assertThat(disabled.statusCode()).isEqualTo(200);
      assertThat(authn(http, id, newSecret).getString("result")).isEqualTo("deny");
      assertThat(authz(http, id, "publish", "yz/v1/st/emqx-a/dev/" + id + "/telemetry"))
          .isEqualTo("deny");
    }
  }

  @Test
  void verifiesThatAuthorizationAppliesTheContractsAcl() throws Exception {
    try (Server server = start()) {
      Http http = new Http(server.port());
      http.createStation("emqx-a", "甲", 112.55, 37.87);
      http.createStation("emqx-b", "乙", 112.56, 37.88);
      String a = http.provisionDevice("emqx-a", 60).getString("id");
      String b = http.provisionDevice("emqx-b", 60).getString("id");
      String own = "yz/v1/st/emqx-a/dev/" + a + "/";

      assertThat(authz(http, a, "publish", own + "telemetry")).isEqualTo("allow");
      assertThat(authz(http, a, "publish", own + "status")).isEqualTo("allow");
      assertThat(authz(http, a, "publish", own + "config")).isEqualTo("deny");
      assertThat(authz(http, a, "publish", "yz/v1/st/emqx-b/dev/" + b + "/telemetry"))
          .isEqualTo("deny");
      assertThat(authz(http, a, "publish", "yz/v1/st/emqx-b/dev/" + a + "/telemetry"))
          .isEqualTo("deny");
      assertThat(authz(http, a, "subscribe", own + "config")).isEqualTo("allow");
      assertThat(authz(http, a, "subscribe", "yz/v1/st/emqx-b/dev/" + b + "/config"))
          .isEqualTo("deny");
      assertThat(authz(http, a, "subscribe", "yz/v1/st/+/dev/+/config")).isEqualTo("deny");
      assertThat(authz(http, a, "subscribe", own + "telemetry")).isEqualTo("deny");
      assertThat(authz(http, "yizhan-instance-1", "subscribe", "$share/yizhan/yz/v1/#"))
          .isEqualTo("ignore");
    }
  }

  @Test
  void verifiesThatTheHooksNeedTheTokenAndAWellFormedBody() throws Exception {
    try (Server server = start()) {
      Http http = new Http(server.port());
      String body = "{\"username\":\"d\",\"password\":\"s\",\"clientid\":\"d\"}";
      HttpResponse<String> none = http.send(json(http.request(AUTHN), body));
      assertThat(none.statusCode()).isEqualTo(401);
      assertThat(none.headers().firstValue("Content-Type")).hasValue("application/problem+json");
      HttpResponse<String> wrong =
          http.send(
              json(http.request(AUTHZ).header("Authorization", "Bearer " + TOKEN + "x"), body));
      assertThat(wrong.statusCode()).isEqualTo(401);

      HttpResponse<String> notJson = http.send(json(hook(http, AUTHN), "{nope"));
      assertThat(notJson.statusCode()).isEqualTo(400);
      assertThat(notJson.headers().firstValue("Content-Type")).hasValue("application/problem+json");
      assertThat(notJson.body()).contains("body");
      HttpResponse<String> noPassword =
          http.send(json(hook(http, AUTHN), "{\"username\":\"d\",\"clientid\":\"d\"}"));
      assertThat(noPassword.statusCode()).isEqualTo(400);
      assertThat(new JsonObject(noPassword.body()).encode()).contains("\"field\":\"password\"");
      HttpResponse<String> badAction =
          http.send(
              json(
                  hook(http, AUTHZ),
                  "{\"username\":\"d\",\"clientid\":\"d\",\"topic\":\"t\",\"action\":\"all\"}"));
      assertThat(badAction.statusCode()).isEqualTo(400);
      assertThat(badAction.body()).contains("\"field\":\"action\"");
    }
  }

  @Test
  void verifiesThatWithoutATokenTheHooksAreNotServed() throws Exception {
    try (Server server = TestServers.start(Optional.empty())) {
      Http http = new Http(server.port());
      HttpResponse<String> r =
          http.send(
              json(
                  http.request(AUTHN).header("Authorization", "Bearer " + TOKEN),
                  "{\"username\":\"d\",\"password\":\"s\"}"));
      assertThat(r.statusCode()).isEqualTo(404);
    }
  }

  private static Server start() throws Exception {
    return TestServers.start(Optional.empty(), c -> c.withBrokerHookToken(TOKEN));
  }

  private static HttpRequest.Builder hook(Http http, String path) {
    return http.request(path).header("Authorization", "Bearer " + TOKEN);
  }

  private static HttpRequest.Builder json(HttpRequest.Builder b, String body) {
    return b.header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
  }

  private static JsonObject authn(Http http, String username, String password) throws Exception {
    String body =
        new JsonObject()
            .put("username", username)
            .put("password", password)
            .put("clientid", username)
            .encode();
    HttpResponse<String> r = http.send(json(hook(http, AUTHN), body));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
    return new JsonObject(r.body());
  }

  private static String authz(Http http, String username, String action, String topic)
      throws Exception {
    String body =
        new JsonObject()
            .put("username", username)
            .put("clientid", username)
            .put("topic", topic)
            .put("action", action)
            .encode();
    HttpResponse<String> r = http.send(json(hook(http, AUTHZ), body));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return new JsonObject(r.body()).getString("result");
  }
}

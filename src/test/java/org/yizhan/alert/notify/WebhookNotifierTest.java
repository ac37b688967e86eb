package org.yizhan.alert.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.yizhan.alert.notify.WebhookReceiver.Answer;
import org.yizhan.alert.notify.WebhookReceiver.Hit;

/** Delivery against a real local HTTP receiver: retries, backoff, order, overflow, signatures. */
@Timeout(30)
class WebhookNotifierTest {

  private static final RetryPolicy FAST =
      new RetryPolicy(ms(20), 2.0, ms(200), 8, ms(2_000), false);

  private Vertx vertx;
  private WebhookReceiver receiver;
  private WebhookNotifier notifier;
  private final LinkedBlockingQueue<DeliveryRecord> records = new LinkedBlockingQueue<>();

  @BeforeEach
  void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stopAll() throws Exception {
    if (notifier != null) {
      notifier.close();
    }
    if (receiver != null) {
      receiver.close();
    }
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void verifiesThatTwoServerErrorsAreRetriedWithBackoffAndTheThirdAttemptDelivers()
      throws Exception {
    receiver = WebhookReceiver.start(vertx, Answer.of(500), Answer.of(500), Answer.of(200));
    notifier = notifier(generic("ops", null), FAST);

    notifier.notify(notice(1, AlertEvent.OPENED));

    DeliveryRecord r = nextRecord();
    assertThat(r.status()).isEqualTo(DeliveryStatus.DELIVERED);
    assertThat(r.attempts()).isEqualTo(3);
    assertThat(r.firstTryAt()).isNotNull();
    Hit h1 = receiver.next();
    Hit h2 = receiver.next();
    Hit h3 = receiver.next();
    assertThat(millisBetween(h1, h2)).as("first backoff").isGreaterThanOrEqualTo(20);
    assertThat(millisBetween(h2, h3)).as("second backoff, doubled").isGreaterThanOrEqualTo(40);
    assertThat(stats("ops"))
        .containsEntry("delivered", 1L)
        .containsEntry("retried", 2L)
        .containsEntry("failed", 0L)
        .containsEntry("dropped", 0L);
  }

  @Test
  void verifiesThatAClientErrorFailsAfterExactlyOneAttempt() throws Exception {
    receiver = WebhookReceiver.start(vertx, new Answer(400, "bad field", Map.of(), false));
    notifier = notifier(generic("ops", null), FAST);

    notifier.notify(notice(2, AlertEvent.OPENED));

    DeliveryRecord r = nextRecord();
    assertThat(r.status()).isEqualTo(DeliveryStatus.FAILED);
    assertThat(r.attempts()).isEqualTo(1);
    assertThat(r.lastError()).isEqualTo("HTTP 400: bad field");
    receiver.next();
    assertThat(receiver.hits.poll(300, TimeUnit.MILLISECONDS)).as("no second attempt").isNull();
    assertThat(stats("ops")).containsEntry("failed", 1L).containsEntry("retried", 0L);
  }

  @Test
  void verifiesThatWeComFrequencyLimitIsRetriedThenDelivered() throws Exception {
    receiver =
        WebhookReceiver.start(
            vertx,
            Answer.json("{\"errcode\":45009,\"errmsg\":\"api freq out of limit\"}"),
            Answer.json("{\"errcode\":0,\"errmsg\":\"ok\"}"));
    notifier =
        notifier(robot("ops", WebhookFormat.WECOM, "/cgi-bin/webhook/send?key=K", null), FAST);

    notifier.notify(notice(3, AlertEvent.OPENED));

    DeliveryRecord r = nextRecord();
    assertThat(r.status()).isEqualTo(DeliveryStatus.DELIVERED);
    assertThat(r.attempts()).isEqualTo(2);
    Hit first = receiver.next();
    assertThat(first.query()).isEqualTo("key=K");
    assertThat(new JsonObject(first.body()).getString("msgtype")).isEqualTo("markdown");
    assertThat(first.alertId()).isEqualTo(3);
    assertThat(receiver.next().body()).isEqualTo(first.body());
    assertThat(stats("ops")).containsEntry("retried", 1L).containsEntry("delivered", 1L);
  }

  @Test
  void verifiesThatAWrongWeComKeyFailsAtOnceWithoutLeakingTheKey() throws Exception {
    receiver =
        WebhookReceiver.start(
            vertx,
            Answer.json("{\"errcode\":93000,\"errmsg\":\"invalid webhook url, key=SECRETKEY\"}"));
    notifier = notifier(robot("ops", WebhookFormat.WECOM, "/send?key=SECRETKEY", null), FAST);

    notifier.notify(notice(4, AlertEvent.OPENED));

    DeliveryRecord r = nextRecord();
    assertThat(r.status()).isEqualTo(DeliveryStatus.FAILED);
    assertThat(r.attempts()).isEqualTo(1);
    assertThat(r.lastError())
        .startsWith("errcode 93000: invalid webhook url")
        .doesNotContain("SECRETKEY");
    assertThat((String) stats("ops").get("last_error")).doesNotContain("SECRETKEY");
  }

  @Test
  void verifiesThatRetryAfterIsHonoured() throws Exception {
    receiver =
        WebhookReceiver.start(
            vertx, new Answer(503, "", Map.of("Retry-After", "1"), false), Answer.of(200));
    notifier = notifier(generic("ops", null), FAST);

    notifier.notify(notice(5, AlertEvent.OPENED));

    assertThat(nextRecord().status()).isEqualTo(DeliveryStatus.DELIVERED);
    long gap = millisBetween(receiver.next(), receiver.next());
    assertThat(gap)
        .as("waited the 1 s asked for, not the 20 ms backoff")
        .isGreaterThanOrEqualTo(1_000);
  }

  @Test
  void verifiesThatEventsToOneTargetArriveInOrderEvenAcrossRetries() throws Exception {
    receiver = WebhookReceiver.start(vertx, Answer.of(500));
    notifier = notifier(generic("ops", null), FAST);

    for (long id = 1; id <= 5; id++) {
      notifier.notify(notice(id, AlertEvent.OPENED));
    }

    List<Long> delivered = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      DeliveryRecord r = nextRecord();
      assertThat(r.status()).isEqualTo(DeliveryStatus.DELIVERED);
      delivered.add(r.alertId());
    }
    assertThat(delivered).containsExactly(1L, 2L, 3L, 4L, 5L);
    List<Long> arrived = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      arrived.add(receiver.next().alertId());
    }
    assertThat(arrived).containsExactly(1L, 1L, 2L, 3L, 4L, 5L);
  }

  @Test
  void verifiesThatAFullQueueDropsTheOldestWaitingEventsAndCountsThem() throws Exception {
    receiver = WebhookReceiver.start(vertx, Answer.held());
    notifier = new WebhookNotifier(vertx, List.of(generic("ops", null)), FAST, records::add, 2);

    for (long id = 1; id <= 5; id++) {
      notifier.notify(notice(id, AlertEvent.OPENED));
    }
    assertThat(receiver.next().alertId()).as("the first is in flight").isEqualTo(1);

    DeliveryRecord d1 = nextRecord();
    DeliveryRecord d2 = nextRecord();
    assertThat(List.of(d1.alertId(), d2.alertId())).containsExactly(2L, 3L);
    assertThat(List.of(d1.status(), d2.status())).containsOnly(DeliveryStatus.DROPPED);
    assertThat(d1.attempts()).isZero();
    assertThat(stats("ops")).containsEntry("dropped", 2L).containsEntry("queued", 2);

    receiver.release();
    List<Long> delivered = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      DeliveryRecord r = nextRecord();
      assertThat(r.status()).isEqualTo(DeliveryStatus.DELIVERED);
      delivered.add(r.alertId());
    }
    assertThat(delivered).containsExactly(1L, 4L, 5L);
    assertThat(List.of(receiver.next().alertId(), receiver.next().alertId()))
        .containsExactly(4L, 5L);
  }

  @Test
  void verifiesThatAnUnreachableReceiverIsRetriedUpToMaxAttemptsThenFailed() throws Exception {
    HttpServer gone = vertx.createHttpServer().requestHandler(r -> r.response().end());
    int port = gone.listen(0, "127.0.0.1").await(5, TimeUnit.SECONDS).actualPort();
    gone.close().await(5, TimeUnit.SECONDS);
    RetryPolicy three = new RetryPolicy(ms(10), 2.0, ms(100), 3, ms(2_000), false);
    WebhookTarget t =
        new WebhookTarget(
            "ops", WebhookFormat.GENERIC, URI.create("http://127.0.0.1:" + port + "/in"), null);
    notifier = notifier(t, three);

    notifier.notify(notice(6, AlertEvent.RESOLVED));

    DeliveryRecord r = nextRecord();
    assertThat(r.status()).isEqualTo(DeliveryStatus.FAILED);
    assertThat(r.attempts()).isEqualTo(3);
    assertThat(r.lastError()).containsIgnoringCase("refused");
    assertThat(stats("ops")).containsEntry("retried", 2L).containsEntry("failed", 1L);
  }

  @Test
  void verifiesThatAReceiverThatNeverAnswersTimesOutAndIsRetried() throws Exception {
    receiver = WebhookReceiver.start(vertx, Answer.held(), Answer.held());
    RetryPolicy quick = new RetryPolicy(ms(10), 2.0, ms(100), 2, ms(300), false);
    notifier = notifier(generic("ops", null), quick);

    notifier.notify(notice(7, AlertEvent.OPENED));

    DeliveryRecord r = nextRecord();
    assertThat(r.status()).isEqualTo(DeliveryStatus.FAILED);
    assertThat(r.attempts()).isEqualTo(2);
    assertThat(r.lastError()).isEqualTo("no answer within 300 ms");
    assertThat(millisBetween(receiver.next(), receiver.next()))
        .as("the second attempt only after the 300 ms deadline (less connect time)")
        .isGreaterThanOrEqualTo(250);
  }

  @Test
  void verifiesThatTheGenericSignatureVerifiesWithTheSecretOnTheReceiverSide() throws Exception {
    receiver = WebhookReceiver.start(vertx, Answer.of(204));
    String secret = "shh-共享密钥";
    notifier = notifier(generic("ops", secret), FAST);

    notifier.notify(notice(8, AlertEvent.ACKNOWLEDGED));

    assertThat(nextRecord().status()).isEqualTo(DeliveryStatus.DELIVERED);
    Hit h = receiver.next();
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    String expected =
        "sha256="
            + HexFormat.of().formatHex(mac.doFinal(h.body().getBytes(StandardCharsets.UTF_8)));
    assertThat(h.headers().get("X-Yizhan-Signature")).isEqualTo(expected);
    assertThat(h.headers().get("Idempotency-Key")).isEqualTo("8-acknowledged");
    assertThat(h.headers().get("Content-Type")).startsWith("application/json");
    JsonObject body = new JsonObject(h.body());
    assertThat(body.getString("event")).isEqualTo("acknowledged");
    assertThat(body.getJsonObject("alert").getString("by")).isEqualTo("张三");
  }

  @Test
  void verifiesThatDingTalkRequestsCarryAFreshVerifiableSignature() throws Exception {
    receiver =
        WebhookReceiver.start(
            vertx, Answer.json("{\"errcode\":130101,\"errmsg\":\"send too fast\"}"));
    String secret = "SEC0123456789abcdef";
    notifier =
        notifier(robot("dt", WebhookFormat.DINGTALK, "/robot/send?access_token=T", secret), FAST);
    long before = System.currentTimeMillis();

    notifier.notify(notice(9, AlertEvent.OPENED));

    DeliveryRecord r = nextRecord();
    assertThat(r.status()).isEqualTo(DeliveryStatus.DELIVERED);
    assertThat(r.attempts()).as("130101 is retried").isEqualTo(2);
    for (int i = 0; i < 2; i++) {
      Map<String, String> q = query(receiver.next().query());
      assertThat(q).containsEntry("access_token", "T").containsKeys("timestamp", "sign");
      long ts = Long.parseLong(q.get("timestamp"));
      assertThat(ts).isBetween(before, System.currentTimeMillis());
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      byte[] expected = mac.doFinal((ts + "\n" + secret).getBytes(StandardCharsets.UTF_8));
      assertThat(Base64.getDecoder().decode(q.get("sign"))).isEqualTo(expected);
    }
  }

  @Test
  void verifiesThatARobotTargetIsPacedToItsRollingWindow() throws Exception {
    receiver = WebhookReceiver.start(vertx);
    notifier =
        new WebhookNotifier(
            vertx,
            List.of(robot("dt", WebhookFormat.DINGTALK, "/robot/send?access_token=T", null)),
            FAST,
            records::add,
            10,
            f -> new SendWindow(2, ms(600)));

    for (long id = 1; id <= 4; id++) {
      notifier.notify(notice(id, AlertEvent.OPENED));
    }

    List<Hit> hits = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      hits.add(receiver.next());
    }
    assertThat(hits).extracting(Hit::alertId).containsExactly(1L, 2L, 3L, 4L);
    // Two fit in the window (WebhookPacingTest, on a fake clock); the third waits for the first.
    assertThat(millisBetween(hits.get(0), hits.get(2))).isGreaterThanOrEqualTo(500);
    assertThat(millisBetween(hits.get(1), hits.get(3))).isGreaterThanOrEqualTo(500);
    for (int i = 0; i < 4; i++) {
      assertThat(nextRecord().status()).isEqualTo(DeliveryStatus.DELIVERED);
    }
  }

  @Test
  void verifiesThatTargetsReceiveOnlyTheEventsAndSeveritiesTheyAskedFor() throws Exception {
    receiver = WebhookReceiver.start(vertx);
    WebhookTarget picky =
        new WebhookTarget(
            "ops",
            WebhookFormat.GENERIC,
            receiver.url("/in"),
            null,
            java.util.EnumSet.of(AlertEvent.OPENED),
            AlertSeverity.CRITICAL);
    notifier = notifier(picky, FAST);

    notifier.notify(notice(10, AlertEvent.OPENED)); // warning: below the floor
    notifier.notify(critical(11, AlertEvent.RESOLVED)); // not an event it wants
    notifier.notify(critical(12, AlertEvent.OPENED));

    assertThat(nextRecord().alertId()).isEqualTo(12);
    assertThat(receiver.next().alertId()).isEqualTo(12);
    assertThat(receiver.hits.poll(200, TimeUnit.MILLISECONDS)).isNull();
  }

  @Test
  void verifiesThatClosingRecordsPendingEventsAsDropped() throws Exception {
    receiver = WebhookReceiver.start(vertx, Answer.held());
    notifier = notifier(generic("ops", null), FAST);
    notifier.notify(notice(13, AlertEvent.OPENED));
    notifier.notify(notice(14, AlertEvent.OPENED));
    receiver.next();

    notifier.close();

    DeliveryRecord a = nextRecord();
    DeliveryRecord b = nextRecord();
    assertThat(List.of(a.alertId(), b.alertId())).containsExactly(13L, 14L);
    assertThat(List.of(a.status(), b.status())).containsOnly(DeliveryStatus.DROPPED);
    assertThat(a.attempts()).isEqualTo(1);
    assertThat(a.lastError()).isEqualTo("shutdown");
    notifier.notify(notice(15, AlertEvent.OPENED)); // ignored, does not throw
    assertThat(records.poll(200, TimeUnit.MILLISECONDS)).isNull();
  }

  private WebhookNotifier notifier(WebhookTarget t, RetryPolicy p) {
    return new WebhookNotifier(vertx, List.of(t), p, records::add);
  }

  private WebhookTarget generic(String name, String secret) {
    return new WebhookTarget(name, WebhookFormat.GENERIC, receiver.url("/in"), secret);
  }

  private WebhookTarget robot(String name, WebhookFormat f, String pathAndQuery, String secret) {
    return new WebhookTarget(name, f, receiver.url(pathAndQuery), secret);
  }

  private DeliveryRecord nextRecord() throws InterruptedException {
    DeliveryRecord r = records.poll(10, TimeUnit.SECONDS);
    assertThat(r).as("a delivery outcome within 10 s").isNotNull();
    return r;
  }

  private Map<String, Object> stats(String target) {
    return notifier.stats().getJsonObject("targets").getJsonObject(target).getMap();
  }

  private static AlertNotice notice(long id, AlertEvent e) {
    return new AlertNotice(
        e,
        id,
        "device_offline",
        AlertSeverity.WARNING,
        "st-1",
        "太原迎泽区环卫驿站",
        "dev-" + id,
        "device went offline",
        Instant.parse("2026-07-01T04:00:00Z"),
        e == AlertEvent.ACKNOWLEDGED ? "张三" : null,
        null);
  }

  private static AlertNotice critical(long id, AlertEvent e) {
    AlertNotice n = notice(id, e);
    return new AlertNotice(
        n.event(),
        n.alertId(),
        "too_hot",
        AlertSeverity.CRITICAL,
        n.stationId(),
        n.stationName(),
        n.deviceId(),
        n.detail(),
        n.at(),
        n.by(),
        n.consoleUrl());
  }

  private static Map<String, String> query(String q) {
    Map<String, String> out = new java.util.HashMap<>();
    for (String pair : q.split("&")) {
      int eq = pair.indexOf('=');
      out.put(
          pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return out;
  }

  private static long millisBetween(Hit a, Hit b) {
    return TimeUnit.NANOSECONDS.toMillis(b.atNanos() - a.atNanos());
  }

  private static Duration ms(long ms) {
    return Duration.ofMillis(ms);
  }
}

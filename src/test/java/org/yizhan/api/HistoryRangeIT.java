package org.yizhan.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
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
 * The readings history over real HTTP and a real database answers at both ends of the range it
 * promises, 1970 to 9999, for raw readings and every bucket.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class HistoryRangeIT {

  private static Server server;
  private static Http http;

  @BeforeAll
  static void start() throws Exception {
    server = TestServers.start(Optional.empty());
    http = new Http(server.port());
    http.createStation("hr-1", "历史驿站", 112.55, 37.87);
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  /** Verifies that the first day of 1970 and the last day of 9999 are answered for each bucket. */
  @Test
  void theFirstDayOf1970AndTheLastDayOf9999AreAnsweredForEveryBucket() throws Exception {
    for (String bucket : new String[] {"raw", "15m", "1h", "1d"}) {
      assertAnswered(bucket, "1970-01-01T00:00:00Z", "1970-01-02T00:00:00Z");
      assertAnswered(bucket, "9999-12-30T23:59:59Z", "9999-12-31T23:59:59Z");
    }
  }

  private static void assertAnswered(String bucket, String from, String to) throws Exception {
    HttpResponse<String> r =
        http.get("/api/v1/stations/hr-1/readings?bucket=" + bucket + "&from=" + from + "&to=" + to);
    assertThat(r.statusCode()).as(bucket + " " + from + ": " + r.body()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
    assertThat(new JsonObject(r.body()).isEmpty()).isFalse();
  }
}

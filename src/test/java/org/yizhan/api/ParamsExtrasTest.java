package org.yizhan.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.MultiMap;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The extras every route accepts: the OGC output format {@code f} and a cache-buster {@code _}. */
class ParamsExtrasTest {

  private static MultiMap query(String... pairs) {
    MultiMap m = MultiMap.caseInsensitiveMultiMap();
    for (int i = 0; i < pairs.length; i += 2) {
      m.add(pairs[i], pairs[i + 1]);
    }
    return m;
  }

  /** Verifies that f=json and a cache-buster pass beside a route's own parameters. */
  @Test
  void formatJsonAndCacheBusterAreAccepted() {
    Params p = Params.of(query("limit", "5", "f", "json", "_", "1733380000000"), Set.of("limit"));

    assertThat(p.optionalInt("limit", 10, 1, 100)).isEqualTo(5);
  }

  /** Verifies that a format other than JSON is refused with a problem naming f. */
  @Test
  void otherFormatIsRefusedNamingF() {
    assertThatThrownBy(() -> Params.of(query("f", "html"), Set.of()))
        .isInstanceOfSatisfying(
            ProblemException.class,
            e ->
                assertThat(e.violations())
                    .singleElement()
                    .satisfies(v -> assertThat(v.field()).isEqualTo("f")));
  }

  /** Verifies that f given twice is refused. */
  @Test
  void repeatedFormatIsRefused() {
    assertThatThrownBy(() -> Params.of(query("f", "json", "f", "json"), Set.of()))
        .isInstanceOf(ProblemException.class);
  }

  /** Verifies that other unknown parameters are still refused, naming them. */
  @Test
  void otherUnknownParametersAreStillRefused() {
    assertThatThrownBy(() -> Params.of(query("lmit", "5"), Set.of("limit")))
        .isInstanceOfSatisfying(
            ProblemException.class,
            e ->
                assertThat(e.violations())
                    .singleElement()
                    .satisfies(v -> assertThat(v.field()).isEqualTo("lmit")));
  }
}

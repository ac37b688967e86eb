package org.yizhan.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.yizhan.error.DomainException;
import org.yizhan.error.Violation;

/** Verifies that each domain refusal becomes the HTTP problem it was answered with before. */
class DomainProblemsTest {

  @Test
  void invalidInputIsABadRequestListingEveryField() {
    ProblemException p =
        Problems.of(
            DomainException.InvalidInput.of(
                List.of(Violation.of("a", "is required"), Violation.of("b", "too long"))));
    assertThat(p.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
    assertThat(p.getMessage()).isEqualTo("2 problems, first a: is required");
    assertThat(p.violations()).extracting(Violation::field).containsExactly("a", "b");
    assertThat(p.retryAfterSeconds()).isZero();
  }

  @Test
  void eachKindKeepsItsStatusAndDetail() {
    assertThat(Problems.of(new DomainException.NotFound("device", "d-1")))
        .satisfies(p -> assertThat(p.code()).isEqualTo(ErrorCode.NOT_FOUND))
        .hasMessage("No device with id 'd-1'");
    assertThat(Problems.of(new DomainException.AlreadyExists("station", "s-1")))
        .satisfies(p -> assertThat(p.code()).isEqualTo(ErrorCode.CONFLICT))
        .hasMessage("A station with id 's-1' already exists");
    assertThat(Problems.of(new DomainException.VersionMismatch("at version 3")).code())
        .isEqualTo(ErrorCode.PRECONDITION_FAILED);
    assertThat(Problems.of(new DomainException.BadCredentials("wrong")).code())
        .isEqualTo(ErrorCode.UNAUTHORIZED);
  }

  @Test
  void aRefusalWorthRetryingKeepsItsRetryAfter() {
    ProblemException busy = Problems.of(new DomainException.TooManyAttempts("slow down", 7));
    assertThat(busy.code()).isEqualTo(ErrorCode.TOO_MANY_REQUESTS);
    assertThat(busy.retryAfterSeconds()).isEqualTo(7);
    ProblemException down = Problems.of(new DomainException.Unavailable("database", 5));
    assertThat(down.code()).isEqualTo(ErrorCode.UNAVAILABLE);
    assertThat(down.retryAfterSeconds()).isEqualTo(5);
  }
}

package org.yizhan.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Verifies that parts close newest first, all of them, with the first failure thrown. */
class CloseStackTest {

  @Test
  void closesInReverseOrderOfStart() throws Exception {
    List<String> closed = new ArrayList<>();
    CloseStack stack = new CloseStack();
    stack.push("db", () -> closed.add("db"));
    stack.push("writer", () -> closed.add("writer"));
    stack.push("http", () -> closed.add("http"));
    stack.close();
    assertThat(closed).containsExactly("http", "writer", "db");
    assertThat(stack.size()).isZero();
  }

  @Test
  void aFailingPartDoesNotKeepTheOthersOpen() {
    List<String> closed = new ArrayList<>();
    CloseStack stack = new CloseStack();
    stack.push("db", () -> closed.add("db"));
    stack.push(
        "writer",
        () -> {
          throw new IllegalStateException("writer stuck");
        });
    stack.push(
        "http",
        () -> {
          throw new java.io.IOException("port gone");
        });
    assertThatThrownBy(stack::close)
        .isInstanceOf(java.io.IOException.class)
        .hasMessage("port gone")
        .satisfies(
            e ->
                assertThat(e.getSuppressed())
                    .singleElement()
                    .satisfies(s -> assertThat(s).hasMessage("writer stuck")));
    assertThat(closed).containsExactly("db");
  }

  @Test
  void anErrorIsThrownAfterTheRestAreClosed() {
    List<String> closed = new ArrayList<>();
    CloseStack stack = new CloseStack();
    stack.push("db", () -> closed.add("db"));
    stack.push(
        "writer",
        () -> {
          throw new AssertionError("broken");
        });
    assertThatThrownBy(stack::close).isInstanceOf(AssertionError.class);
    assertThat(closed).containsExactly("db");
  }

  @Test
  void aSecondCloseFindsNothing() throws Exception {
    List<String> closed = new ArrayList<>();
    CloseStack stack = new CloseStack();
    stack.push("db", () -> closed.add("db"));
    stack.close();
    stack.close();
    assertThat(closed).containsExactly("db");
  }
}

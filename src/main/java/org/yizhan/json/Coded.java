package org.yizhan.json;

import java.util.Optional;

/** An enum whose constants have a lower-case code in the API. */
public interface Coded {

  String code();

  /** The constant of {@code type} with that code, if any. */
  static <E extends Enum<E> & Coded> Optional<E> find(Class<E> type, String code) {
    for (E e : type.getEnumConstants()) {
      if (e.code().equals(code)) {
        return Optional.of(e);
      }
    }
    return Optional.empty();
  }
}

package org.yizhan.api;

import io.vertx.ext.web.LanguageHeader;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;

/**
 * The reader's language for texts the server writes (alert details, conditions): the first of
 * Chinese or English in {@code Accept-Language}, by preference; English when it names neither, as
 * answers were before they were kept in both.
 */
final class Languages {

  static final String ZH = "zh";
  static final String EN = "en";

  private Languages() {}

  static String of(RoutingContext ctx) {
    for (LanguageHeader l : ctx.acceptableLanguages()) {
      String tag = l.value() == null ? "" : l.value().strip().toLowerCase(Locale.ROOT);
      if (tag.equals(ZH) || tag.startsWith(ZH + "-")) {
        return ZH;
      }
      if (tag.equals(EN) || tag.startsWith(EN + "-")) {
        return EN;
      }
    }
    return EN;
  }
}

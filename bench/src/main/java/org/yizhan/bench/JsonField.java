package org.yizhan.bench;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Prints fields of a JSON file on one line, space-separated, for the bench scripts (no jq on a bare
 * Debian machine): {@code java -cp benchmarks.jar org.yizhan.bench.JsonField FILE a.b c ...}.
 * Missing fields print as {@code nan}.
 */
public final class JsonField {

  private JsonField() {}

  public static void main(String[] args) throws Exception {
    JsonObject root = new JsonObject(Files.readString(Path.of(args[0])));
    StringBuilder out = new StringBuilder();
    for (int i = 1; i < args.length; i++) {
      Object v = root;
      for (String part : args[i].split("\\.")) {
        v = v instanceof JsonObject o ? o.getValue(part) : null;
      }
      out.append(i > 1 ? " " : "").append(v == null ? "nan" : v.toString());
    }
    System.out.println(out);
  }
}

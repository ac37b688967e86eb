package org.yizhan.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** A Prometheus text exposition read back for tests: its samples, by name and labels. */
record Exposition(List<Sample> samples) {

  /** One line: {@code name{labels} value}. */
  record Sample(String name, Map<String, String> labels, double value) {}

  static Exposition parse(String text) {
    List<Sample> out = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int brace = line.indexOf('{');
      int space = line.lastIndexOf(' ');
      String name = brace < 0 ? line.substring(0, space) : line.substring(0, brace);
      Map<String, String> labels = new LinkedHashMap<>();
      if (brace >= 0) {
        String inner = line.substring(brace + 1, line.lastIndexOf('}'));
        // Label values here never hold '",' (routes, reasons, states): a plain split will do.
        for (String pair : inner.split("\",")) {
          if (pair.isEmpty()) {
            continue;
          }
          int eq = pair.indexOf('=');
          String v = pair.substring(eq + 2);
          labels.put(pair.substring(0, eq), v.endsWith("\"") ? v.substring(0, v.length() - 1) : v);
        }
      }
      out.add(new Sample(name, labels, Double.parseDouble(line.substring(space + 1))));
    }
    return new Exposition(out);
  }

  Set<String> names() {
    Set<String> n = new TreeSet<>();
    samples.forEach(s -> n.add(s.name()));
    return n;
  }

  /** The sample of {@code name} with every one of {@code labels} (others may differ). */
  Optional<Sample> find(String name, Map<String, String> labels) {
    return samples.stream()
        .filter(s -> s.name().equals(name))
        .filter(s -> s.labels().entrySet().containsAll(labels.entrySet()))
        .findFirst();
  }

  /** Every value {@code label} takes on {@code name}'s samples. */
  Set<String> labelValues(String name, String label) {
    Set<String> v = new TreeSet<>();
    samples.stream()
        .filter(s -> s.name().equals(name) && s.labels().containsKey(label))
        .forEach(s -> v.add(s.labels().get(label)));
    return v;
  }
}

package it.dev.gatehouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One scrape, parsed: every sample's name, labels and value. */
record Scrape(List<Sample> samples) {
  record Sample(String name, Map<String, String> labels, double value) {}

  private static final Pattern LINE =
      Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)\\})?\\s+(\\S+)(?:\\s+\\S+)?$");

  static Scrape of(Http client) {
    Http.Reply r = client.header("Accept", "text/plain").get("/metrics");
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    List<Sample> samples = new ArrayList<>();
    for (String line : r.body().split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      Matcher m = LINE.matcher(line.trim());
      assertThat(m.matches()).as("a Prometheus sample line: %s", line).isTrue();
      samples.add(
          new Sample(
              m.group(1),
              m.group(2) == null ? Map.of() : labels(m.group(2)),
              Double.parseDouble(m.group(3))));
    }
    return new Scrape(samples);
  }

  /** {@code a="x",b="y\"z"} → a map (Prometheus escapes: \\, \", \n). */
  static Map<String, String> labels(String s) {
    Map<String, String> out = new HashMap<>();
    int i = 0;
    while (i < s.length()) {
      int eq = s.indexOf('=', i);
      String key = s.substring(i, eq).trim();
      assertThat(s.charAt(eq + 1)).isEqualTo('"');
      StringBuilder v = new StringBuilder();
      int j = eq + 2;
      for (; s.charAt(j) != '"'; j++) {
        char c = s.charAt(j);
        if (c == '\\') {
          char n = s.charAt(++j);
          v.append(n == 'n' ? '\n' : n);
        } else {
          v.append(c);
        }
      }
      out.put(key, v.toString());
      i = j + 1;
      while (i < s.length() && (s.charAt(i) == ',' || s.charAt(i) == ' ')) {
        i++;
      }
    }
    return out;
  }

  boolean has(String name) {
    return samples.stream().anyMatch(s -> s.name().equals(name));
  }

  /** The sum over the samples of {@code name} whose labels include {@code tags}; 0 when none. */
  double value(String name, Map<String, String> tags) {
    return samples.stream()
        .filter(s -> s.name().equals(name) && s.labels().entrySet().containsAll(tags.entrySet()))
        .mapToDouble(Sample::value)
        .sum();
  }

  double minus(Scrape before, String name, Map<String, String> tags) {
    return value(name, tags) - before.value(name, tags);
  }
}

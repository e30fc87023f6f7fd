package dev.gatehouse;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigValue;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.eclipse.microprofile.config.spi.Converter;

/**
 * A MicroProfile {@link Config} over a map, for testing the settings records' {@code from(Config)}
 * without a container. It converts as Liberty's config does for the types Gatehouse reads: an empty
 * value counts as missing, a number that does not parse throws {@link IllegalArgumentException},
 * and booleans are true for {@code true}, {@code 1}, {@code yes}, {@code y}, {@code on} (any case),
 * false otherwise.
 */
public final class MapConfig implements Config {
  private static final Map<Class<?>, Function<String, ?>> CONVERTERS =
      Map.of(
          String.class, v -> v,
          Integer.class, v -> Integer.valueOf(v.trim()),
          Long.class, v -> Long.valueOf(v.trim()),
          Double.class, v -> Double.valueOf(v.trim()),
          Boolean.class,
              v ->
                  List.of("true", "1", "yes", "y", "on")
                      .contains(v.trim().toLowerCase(Locale.ROOT)));

  private final Map<String, String> values;

  private MapConfig(Map<String, String> values) {
    this.values = values;
  }

  /** A config with these keys and values (alternating), e.g. {@code of("a", "1", "b", "x")}. */
  public static MapConfig of(String... keysAndValues) {
    if (keysAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("keys and values come in pairs");
    }
    Map<String, String> m = new HashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      m.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return new MapConfig(m);
  }

  @Override
  public <T> Optional<T> getOptionalValue(String name, Class<T> type) {
    String v = values.get(name);
    if (v == null || v.isEmpty()) {
      return Optional.empty();
    }
    Function<String, ?> c = CONVERTERS.get(type);
    if (c == null) {
      throw new IllegalArgumentException("MapConfig cannot convert to " + type);
    }
    return Optional.of(type.cast(c.apply(v)));
  }

  @Override
  public <T> T getValue(String name, Class<T> type) {
    return getOptionalValue(name, type)
        .orElseThrow(() -> new java.util.NoSuchElementException(name));
  }

  @Override
  public ConfigValue getConfigValue(String name) {
    throw new UnsupportedOperationException();
  }

  @Override
  public Iterable<String> getPropertyNames() {
    return values.keySet();
  }

  @Override
  public Iterable<ConfigSource> getConfigSources() {
    return List.of();
  }

  @Override
  public <T> Optional<Converter<T>> getConverter(Class<T> type) {
    return Optional.empty();
  }

  @Override
  public <T> T unwrap(Class<T> type) {
    throw new IllegalArgumentException("cannot unwrap to " + type);
  }
}

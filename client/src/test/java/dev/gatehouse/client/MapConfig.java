package dev.gatehouse.client;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigValue;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.eclipse.microprofile.config.spi.Converter;

/**
 * A MicroProfile {@link Config} over a map of strings (an empty value counts as missing, as in
 * Liberty), for testing {@link ClientSettings#from} without a container. The client project's own
 * copy: it cannot see the server's test classes.
 */
final class MapConfig implements Config {
  private final Map<String, String> values;

  private MapConfig(Map<String, String> values) {
    this.values = values;
  }

  /** A config with these keys and values (alternating). */
  static MapConfig of(String... keysAndValues) {
    Map<String, String> m = new HashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      m.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return new MapConfig(m);
  }

  @Override
  public <T> Optional<T> getOptionalValue(String name, Class<T> type) {
    if (type != String.class) {
      throw new IllegalArgumentException("the client reads strings only, not " + type);
    }
    String v = values.get(name);
    return v == null || v.isEmpty() ? Optional.empty() : Optional.of(type.cast(v));
  }

  @Override
  public <T> T getValue(String name, Class<T> type) {
    return getOptionalValue(name, type).orElseThrow(() -> new NoSuchElementException(name));
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

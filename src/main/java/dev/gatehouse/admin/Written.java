package dev.gatehouse.admin;

import java.util.List;

/**
 * The result of an accepted write, with what looks wrong about it (CONTRACT §3 {@code warnings}).
 */
public record Written<T>(T value, List<String> warnings) {
  public Written {
    warnings = List.copyOf(warnings);
  }
}

package dev.gatehouse.admin;

import java.util.List;

/**
 * The result of an accepted write, with what looks wrong about it ({@code warnings},
 * docs/api.md#envelope).
 */
public record Written<T>(T value, List<String> warnings) {
  public Written {
    warnings = List.copyOf(warnings);
  }
}

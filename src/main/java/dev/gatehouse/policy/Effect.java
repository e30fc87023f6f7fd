package dev.gatehouse.policy;

import java.util.Optional;

/** What a rule or a policy's default decides: allow or deny. */
public enum Effect {
  ALLOW("Allow"),
  DENY("Deny");

  private final String jsonName;

  Effect(String jsonName) {
    this.jsonName = jsonName;
  }

  /** The name in policy JSON: {@code "Allow"} or {@code "Deny"}. */
  public String jsonName() {
    return jsonName;
  }

  /** The effect with this exact JSON name; the match is case-sensitive, as the contract says. */
  public static Optional<Effect> fromJsonName(String name) {
    for (Effect effect : values()) {
      if (effect.jsonName.equals(name)) {
        return Optional.of(effect);
      }
    }
    return Optional.empty();
  }
}

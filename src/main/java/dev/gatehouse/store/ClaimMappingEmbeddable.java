package dev.gatehouse.store;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/** One claim mapping of a provider: a JWT path exposed as {@code ext_<attribute>}. */
@Embeddable
public class ClaimMappingEmbeddable {
  @Column(name = "jwt_path", nullable = false, length = 512)
  private String jwtPath;

  @Column(name = "attribute_name", nullable = false, length = 128)
  private String attribute;

  @Column(name = "required", nullable = false)
  private boolean required;

  /** The default as JSON text, or null when the mapping has none. */
  @Column(name = "default_value", length = 4000)
  private String defaultValueJson;

  protected ClaimMappingEmbeddable() {}

  public ClaimMappingEmbeddable(
      String jwtPath, String attribute, boolean required, String defaultValueJson) {
    this.jwtPath = jwtPath;
    this.attribute = attribute;
    this.required = required;
    this.defaultValueJson = defaultValueJson;
  }

  public String getJwtPath() {
    return jwtPath;
  }

  public String getAttribute() {
    return attribute;
  }

  public boolean isRequired() {
    return required;
  }

  public String getDefaultValueJson() {
    return defaultValueJson;
  }
}

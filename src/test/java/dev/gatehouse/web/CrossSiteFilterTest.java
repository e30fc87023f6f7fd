package dev.gatehouse.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The content types a state-changing request may declare: JSON only, never one that a cross-site
 * form or a preflight-free script can send.
 */
class CrossSiteFilterTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "application/json",
        "application/json; charset=UTF-8",
        "Application/JSON",
        " application/json ",
        "application/merge-patch+json",
        "application/problem+json"
      })
  void acceptsJson(String type) {
    assertThat(CrossSiteFilter.isJson(type)).isTrue();
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(
      strings = {
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "text/plain",
        "text/plain; charset=UTF-8",
        "text/json",
        "application/xml",
        "application/jsonx",
        "application/+json",
        "application/json/x",
        "*/*"
      })
  void refusesWhatAFormOrASimpleRequestCanSend(String type) {
    assertThat(CrossSiteFilter.isJson(type)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "application/yaml",
        "application/yaml; charset=UTF-8",
        "Application/X-YAML",
        "text/yaml",
        "text/x-yaml"
      })
  void acceptsTheYamlTypesOfAWorkspaceImportNoneOfWhichIsPreflightFree(String type) {
    assertThat(CrossSiteFilter.isYaml(type)).isTrue();
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(
      strings = {"text/plain", "text/yamlx", "application/yaml+xml", "multipart/form-data"})
  void takesNoOtherTypeForYaml(String type) {
    assertThat(CrossSiteFilter.isYaml(type)).isFalse();
  }
}

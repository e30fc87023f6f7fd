package dev.gatehouse.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.error.ValidationException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The query parameters and bodies of export and import (docs/api.md#export-and-import): a dry run
 * unless asked otherwise, the export's format from {@code format} or {@code Accept}, JSON or YAML
 * by the body's type.
 */
class WorkspaceTransferParametersTest {
  @Test
  void anImportIsADryRunUnlessDryRunIsFalse() {
    assertThat(WorkspaceImportResource.dryRun(null)).isTrue();
    assertThat(WorkspaceImportResource.dryRun("")).isTrue();
    assertThat(WorkspaceImportResource.dryRun("true")).isTrue();
    assertThat(WorkspaceImportResource.dryRun("false")).isFalse();
    assertThatThrownBy(() -> WorkspaceImportResource.dryRun("no"))
        .isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> WorkspaceImportResource.dryRun("FALSE"))
        .isInstanceOf(ValidationException.class);
  }

  @Test
  void theExportFormatComesFromFormatThenAccept() {
    assertThat(WorkspaceExportResource.yaml(null, null)).isFalse();
    assertThat(WorkspaceExportResource.yaml("yaml", "application/json")).isTrue();
    assertThat(WorkspaceExportResource.yaml("json", "application/yaml")).isFalse();
    assertThat(WorkspaceExportResource.yaml(null, "application/yaml")).isTrue();
    assertThat(WorkspaceExportResource.yaml(null, "text/yaml;q=0.9")).isTrue();
    assertThat(WorkspaceExportResource.yaml(null, "application/yaml, application/json")).isFalse();
    assertThat(WorkspaceExportResource.yaml(null, "*/*")).isFalse();
    assertThatThrownBy(() -> WorkspaceExportResource.yaml("xml", null))
        .isInstanceOf(ValidationException.class);
  }

  @Test
  void theBodyIsReadAsJsonOrYamlByItsType() {
    byte[] json = "{\"gatehouse\":\"workspace/v1\"}".getBytes(StandardCharsets.UTF_8);
    byte[] yaml = "gatehouse: workspace/v1\n".getBytes(StandardCharsets.UTF_8);
    Map<String, Object> expected = Map.of("gatehouse", "workspace/v1");
    assertThat(WorkspaceImportResource.read(new ByteArrayInputStream(json), "application/json"))
        .isEqualTo(expected);
    assertThat(WorkspaceImportResource.read(new ByteArrayInputStream(yaml), "application/yaml"))
        .isEqualTo(expected);
    // JSON is not read as YAML (whose rules are looser) when it is declared as JSON.
    assertThatThrownBy(
            () ->
                WorkspaceImportResource.read(
                    new ByteArrayInputStream(yaml), "application/json; charset=UTF-8"))
        .isInstanceOf(ValidationException.class);
  }

  @Test
  void theJsonExportIsPrettyAndEndsWithALineBreak() {
    String text = WorkspaceExportResource.json(Map.of("gatehouse", "workspace/v1"));
    assertThat(text).isEqualTo("{\n    \"gatehouse\": \"workspace/v1\"\n}\n");
  }
}

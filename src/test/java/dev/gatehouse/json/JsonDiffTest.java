package dev.gatehouse.json;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.json.JsonDiff.Change;
import dev.gatehouse.json.JsonDiff.Op;
import jakarta.json.JsonValue;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonDiffTest {

  private static JsonValue j(String text) {
    return Json.parse(text);
  }

  private static List<String> lines(String from, String to) {
    return JsonDiff.diff(j(from), j(to)).stream()
        .map(
            c ->
                c.op().code()
                    + " "
                    + c.path()
                    + " "
                    + (c.from() == null ? "-" : c.from().toString())
                    + " "
                    + (c.to() == null ? "-" : c.to().toString()))
        .toList();
  }

  @Test
  void findsNothingBetweenEqualDocuments() {
    assertThat(JsonDiff.diff(j("{\"a\":[1,{\"b\":null}]}"), j("{\"a\":[1,{\"b\":null}]}")))
        .isEmpty();
  }

  @Test
  void comparesNumbersByValueNotSpelling() {
    assertThat(JsonDiff.diff(j("{\"n\":1}"), j("{\"n\":1.0}"))).isEmpty();
    assertThat(lines("{\"n\":1}", "{\"n\":2}")).containsExactly("replace /n 1 2");
  }

  @Test
  void reportsAddedRemovedAndReplacedMembersInDocumentOrder() {
    assertThat(lines("{\"a\":1,\"b\":2,\"c\":3}", "{\"a\":1,\"c\":\"3\",\"d\":true}"))
        .containsExactly("remove /b 2 -", "replace /c 3 \"3\"", "add /d - true");
  }

  @Test
  void descendsIntoNestedObjectsAndArrays() {
    assertThat(
            lines(
                "{\"spec\":{\"rules\":[{\"effect\":\"Allow\"}]}}",
                "{\"spec\":{\"rules\":[{\"effect\":\"Deny\"}]}}"))
        .containsExactly("replace /spec/rules/0/effect \"Allow\" \"Deny\"");
  }

  @Test
  void removesTrailingArrayElementsFromTheEndAndAddsNewOnesInOrder() {
    assertThat(lines("[1,2,3,4]", "[1,9]"))
        .containsExactly("replace /1 2 9", "remove /3 4 -", "remove /2 3 -");
    assertThat(lines("[1]", "[1,2,3]")).containsExactly("add /1 - 2", "add /2 - 3");
  }

  @Test
  void replacesAValueWhoseTypeChangesAsAWhole() {
    assertThat(lines("{\"a\":[1]}", "{\"a\":{\"0\":1}}"))
        .containsExactly("replace /a [1] {\"0\":1}");
    assertThat(lines("{\"a\":null}", "{\"a\":false}")).containsExactly("replace /a null false");
  }

  @Test
  void escapesMemberNamesAsJsonPointerTokens() {
    List<Change> changes = JsonDiff.diff(j("{\"a/b\":1,\"m~n\":1}"), j("{\"a/b\":2,\"m~n\":2}"));
    assertThat(changes.stream().map(Change::path)).containsExactly("/a~1b", "/m~0n");
    assertThat(changes.get(0).op()).isEqualTo(Op.REPLACE);
  }

  @Test
  void replacesTheWholeDocumentAtTheEmptyPointer() {
    assertThat(lines("1", "\"x\"")).containsExactly("replace  1 \"x\"");
  }
}

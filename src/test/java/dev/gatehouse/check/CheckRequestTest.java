package dev.gatehouse.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.audit.DecisionRecord;
import dev.gatehouse.error.FieldError;
import dev.gatehouse.error.ValidationException;
import dev.gatehouse.json.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/api.md#check and #check-batch: what a check and a batch body may hold. */
class CheckRequestTest {
  private static Object body(String json) {
    return Json.toJava(Json.parse(json));
  }

  private static List<FieldError> errors(Runnable r) {
    try {
      r.run();
    } catch (ValidationException e) {
      return e.errors();
    }
    throw new AssertionError("no validation error");
  }

  @Test
  void readsACheck() {
    CheckRequest r =
        CheckRequest.read(
            body(
                "{\"token\":\"t\",\"resource\":\"orders\",\"action\":\"approve\","
                    + "\"context\":{\"orderAmount\":5},\"ipAddress\":\"203.0.113.7\"}"));
    assertThat(r.token()).isEqualTo("t");
    assertThat(r.resource()).isEqualTo("orders");
    assertThat(r.context()).containsKey("orderAmount");
    assertThat(r.ipAddress()).isEqualTo("203.0.113.7");
  }

  @Test
  void reportsEveryProblemWithItsPointer() {
    assertThat(
            errors(
                () ->
                    CheckRequest.read(
                        body(
                            "{\"token\":5,\"action\":\"\",\"context\":[],\"ipAddress\":\"nope\","
                                + "\"contxt\":{}}"))))
        .extracting(FieldError::pointer)
        .containsExactlyInAnyOrder(
            "/contxt", "/token", "/resource", "/action", "/context", "/ipAddress");
  }

  @Test
  void aBatchHoldsOneToAHundredChecks() {
    assertThat(errors(() -> CheckRequest.readBatch(body("{\"checks\":[]}"))))
        .extracting(FieldError::pointer)
        .containsExactly("/checks");
    StringBuilder many = new StringBuilder("{\"checks\":[");
    for (int i = 0; i < 101; i++) {
      many.append(i == 0 ? "" : ",").append("{\"resource\":\"r\",\"action\":\"a\"}");
    }
    assertThat(errors(() -> CheckRequest.readBatch(body(many + "]}"))))
        .singleElement()
        .satisfies(e -> assertThat(e.message()).contains("at most 100"));
    assertThat(
            CheckRequest.readBatch(
                    body(
                        many.toString().replaceFirst("\\{\"resource\":\"r\",\"action\":\"a\"},", "")
                            + "]}"))
                .checks())
        .hasSize(100);
  }

  @Test
  void batchItemErrorsPointIntoTheList() {
    assertThat(
            errors(
                () ->
                    CheckRequest.readBatch(
                        body(
                            "{\"token\":\"t\",\"checks\":[{\"resource\":\"r\",\"action\":\"a\"},"
                                + "{\"action\":\"a\",\"ipAddress\":\"1.2.3.4\"}]}"))))
        .extracting(FieldError::pointer)
        .containsExactlyInAnyOrder("/checks/1/ipAddress", "/checks/1/resource");
  }

  @Test
  void theBodysTokenWinsOverTheHeader() {
    Caller c = new Caller("127.0.0.1", null, "Bearer header-token");
    assertThat(CheckService.tokenOf("body-token", c)).isEqualTo("body-token");
    assertThat(CheckService.tokenOf(null, c)).isEqualTo("header-token");
    assertThat(CheckService.tokenOf(null, new Caller("x", null, "bearer  t2 "))).isEqualTo("t2");
    assertThat(CheckService.tokenOf(null, new Caller("x", null, "Basic abc"))).isNull();
    assertThatThrownBy(() -> CheckRequest.read(body("[]"))).isInstanceOf(ValidationException.class);
  }

  // ------------------------------------------------------------------------ include

  private static final String CHECK = "{\"resource\":\"orders\",\"action\":\"approve\"";

  @Test
  void aCheckAsksForNothingMoreUnlessItIncludesThePrincipal() {
    assertThat(CheckRequest.read(body(CHECK + "}")).include()).isEmpty();
    assertThat(CheckRequest.read(body(CHECK + ",\"include\":null}")).include()).isEmpty();
    assertThat(CheckRequest.read(body(CHECK + ",\"include\":[]}")).include()).isEmpty();
    CheckRequest r = CheckRequest.read(body(CHECK + ",\"include\":[\"principal\"]}"));
    assertThat(r.include()).containsExactly(CheckRequest.Include.PRINCIPAL);
    assertThat(r.includes(CheckRequest.Include.PRINCIPAL)).isTrue();
    assertThat(CheckRequest.read(body(CHECK + "}")).includes(CheckRequest.Include.PRINCIPAL))
        .isFalse();
  }

  @Test
  void aRepeatedIncludeIsTheSameAsOne() {
    CheckRequest r = CheckRequest.read(body(CHECK + ",\"include\":[\"principal\",\"principal\"]}"));
    assertThat(r.include()).containsExactly(CheckRequest.Include.PRINCIPAL);
  }

  @Test
  void anUnknownIncludeIsRefusedAtItsOwnPointer() {
    List<FieldError> e =
        errors(
            () ->
                CheckRequest.read(
                    body(CHECK + ",\"include\":[\"claims\",\"principal\",\"Principal\",5,null]}")));
    assertThat(e)
        .extracting(FieldError::pointer)
        .containsExactly("/include/0", "/include/2", "/include/3", "/include/4");
    assertThat(e).extracting(FieldError::message).containsOnly("must be one of: principal");
  }

  @Test
  void anIncludeThatIsNotAnArrayIsRefused() {
    for (String wrong : List.of("\"principal\"", "{\"principal\":true}", "true", "1")) {
      List<FieldError> e =
          errors(() -> CheckRequest.read(body(CHECK + ",\"include\":" + wrong + "}")));
      assertThat(e).as(wrong).extracting(FieldError::pointer).containsExactly("/include");
      assertThat(e.get(0).message()).as(wrong).startsWith("must be an array of strings");
    }
    assertThat(
            errors(() -> CheckRequest.read(body(CHECK + ",\"include\":\"principal\"}")))
                .get(0)
                .message())
        .isEqualTo("must be an array of strings (one of: principal), not a string");
  }

  @Test
  void anIncludeOfMoreThanTenItemsIsOneError() {
    String many = "[" + "\"nope\",".repeat(10) + "\"nope\"]";
    assertThat(errors(() -> CheckRequest.read(body(CHECK + ",\"include\":" + many + "}"))))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.pointer()).isEqualTo("/include");
              assertThat(e.message()).isEqualTo("must have at most 10 items, not 11");
            });
  }

  @Test
  void aCheckIsRecordedAsACheckUnlessItSaysItComesFromTheClientLibrary() {
    assertThat(CheckRequest.read(body(CHECK + "}")).source())
        .isEqualTo(DecisionRecord.Source.CHECK);
    assertThat(CheckRequest.read(body(CHECK + ",\"source\":null}")).source())
        .isEqualTo(DecisionRecord.Source.CHECK);
    assertThat(CheckRequest.read(body(CHECK + ",\"source\":\"check\"}")).source())
        .isEqualTo(DecisionRecord.Source.CHECK);
    assertThat(CheckRequest.read(body(CHECK + ",\"source\":\"client\"}")).source())
        .isEqualTo(DecisionRecord.Source.CLIENT);
  }

  @Test
  void aSourceOtherThanCheckOrClientIsRefused() {
    for (String wrong :
        List.of("\"interceptor\"", "\"batch\"", "\"Client\"", "\"\"", "1", "[\"client\"]")) {
      assertThat(errors(() -> CheckRequest.read(body(CHECK + ",\"source\":" + wrong + "}"))))
          .as(wrong)
          .extracting(FieldError::pointer, FieldError::message)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("/source", "must be one of: check, client"));
    }
  }

  @Test
  void aBatchTakesNoSource() {
    String checks = "\"checks\":[{\"resource\":\"r\",\"action\":\"a\"}]";
    assertThat(errors(() -> CheckRequest.readBatch(body("{\"source\":\"client\"," + checks + "}"))))
        .extracting(FieldError::pointer)
        .containsExactly("/source");
  }

  @Test
  void aBatchIncludesThePrincipalOnceAtItsTopLevelOnly() {
    String checks = "\"checks\":[{\"resource\":\"r\",\"action\":\"a\"}]";
    assertThat(CheckRequest.readBatch(body("{" + checks + "}")).include()).isEmpty();
    CheckRequest.Batch b =
        CheckRequest.readBatch(body("{\"include\":[\"principal\"]," + checks + "}"));
    assertThat(b.includes(CheckRequest.Include.PRINCIPAL)).isTrue();
    assertThat(b.checks().get(0).include()).isEmpty();
    assertThat(
            errors(
                () ->
                    CheckRequest.readBatch(body("{\"include\":[\"everything\"]," + checks + "}"))))
        .extracting(FieldError::pointer, FieldError::message)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("/include/0", "must be one of: principal"));
    assertThat(
            errors(
                () -> CheckRequest.readBatch(body("{\"include\":\"principal\"," + checks + "}"))))
        .extracting(FieldError::pointer)
        .containsExactly("/include");
    // Inside an item it is an unknown member, as token and ipAddress are.
    assertThat(
            errors(
                () ->
                    CheckRequest.readBatch(
                        body(
                            "{\"checks\":[{\"resource\":\"r\",\"action\":\"a\","
                                + "\"include\":[\"principal\"]}]}"))))
        .extracting(FieldError::pointer)
        .containsExactly("/checks/0/include");
  }
}

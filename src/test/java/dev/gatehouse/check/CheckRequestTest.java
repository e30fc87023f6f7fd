package dev.gatehouse.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
}

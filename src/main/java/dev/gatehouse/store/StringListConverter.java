package dev.gatehouse.store;

import dev.gatehouse.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonString;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.util.List;

/** Stores a list of strings as a JSON array in one text column. */
@Converter
public class StringListConverter implements AttributeConverter<List<String>, String> {
  @Override
  public String convertToDatabaseColumn(List<String> values) {
    return Json.strings(values == null ? List.of() : values).toString();
  }

  @Override
  public List<String> convertToEntityAttribute(String text) {
    if (text == null || text.isBlank()) {
      return List.of();
    }
    return ((JsonArray) Json.parse(text))
        .getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
  }
}

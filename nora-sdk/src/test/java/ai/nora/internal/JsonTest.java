package ai.nora.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
  private final ObjectMapper mapper = new ObjectMapper();

  @Test
  void hostileTexts_roundTripExactly() throws Exception {
    String nasty = "quote\" backslash\\ newline\n tab\t nul\u0000 bell\u0007 "
        + "<script>alert(1)</script> 한국어 emoji 😀 sep\u2028";
    Map<String, Object> value = new LinkedHashMap<>();
    value.put("text", nasty);
    value.put("key \"with\" quotes", List.of(1, 2.5, true, false));

    JsonNode parsed = mapper.readTree(Json.write(value));

    assertThat(parsed.get("text").asText()).isEqualTo(nasty);
    assertThat(parsed.get("key \"with\" quotes").toString()).isEqualTo("[1,2.5,true,false]");
  }

  @Test
  void loneSurrogates_becomeReplacementCharactersNotInvalidJson() throws Exception {
    String broken = "a\uD800b\uDC00c";

    JsonNode parsed = mapper.readTree(Json.write(Map.of("t", broken)));

    assertThat(parsed.get("t").asText()).isEqualTo("a\uFFFDb\uFFFDc");
  }

  @Test
  void nonFiniteNumbers_areNull() throws Exception {
    JsonNode parsed = mapper.readTree(Json.write(List.of(Double.NaN, Double.POSITIVE_INFINITY, 3.0)));

    assertThat(parsed.toString()).isEqualTo("[null,null,3]");
  }

  @Test
  void cyclicStructures_doNotOverflowTheStack() throws Exception {
    Map<String, Object> cyclic = new HashMap<>();
    List<Object> list = new ArrayList<>();
    list.add(cyclic);
    cyclic.put("self", list);

    String json = Json.write(cyclic);

    assertThat(mapper.readTree(json)).isNotNull();
    assertThat(json).contains("nested too deep");
  }

  @Test
  void unknownObjects_areWrittenAsTheirText() throws Exception {
    Object pojo = new Object() {
      @Override
      public String toString() {
        return "Order#7";
      }
    };

    assertThat(mapper.readTree(Json.write(Map.of("o", pojo))).get("o").asText()).isEqualTo("Order#7");
  }
}

package ai.nora.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

final class TestServerJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private TestServerJson() {}

  static JsonNode tree(Object value) {
    return JSON.valueToTree(value);
  }
}

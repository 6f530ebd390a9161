package io.callproof.ivr;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reading the YAML catalogs of the {@code ivr/} folder (prompts per locale, intents), with the
 * catalog's name in every message, as {@code ivr/fr-CA.yaml: ...}.
 */
public final class CatalogFiles {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private CatalogFiles() {}

  /** The name a catalog file is given in messages: its folder's name, then its own. */
  public static String source(Path folder, String fileName) {
    return folder.getFileName() + "/" + fileName;
  }

  /**
   * The text of {@code <folder>/<fileName>}.
   *
   * @param what what the file is, for the message when it is missing ("prompt catalog")
   * @throws IllegalArgumentException when there is no such file
   */
  public static String read(Path folder, String fileName, String what) throws IOException {
    Path file = folder.resolve(fileName);
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(
          source(folder, fileName) + ": " + what + " not found at " + file);
    }
    return Files.readString(file);
  }

  /**
   * The YAML document in {@code yaml}; {@code null} for an empty one.
   *
   * @throws IllegalArgumentException naming {@code source} when it is not YAML
   */
  public static JsonNode parse(String source, String yaml) {
    try {
      return YAML.readTree(yaml);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(source + ": not valid YAML: " + e.getOriginalMessage());
    }
  }
}

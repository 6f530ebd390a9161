package io.callproof.ivr;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The texts of one locale: what the line says ({@code voice}) and what texts say ({@code sms}). A
 * text names its parameters in braces, {@code {company}}; {@code {code:digits}} reads a value digit
 * by digit. Parameters are checked when the catalog loads, so a typo stops the start.
 */
public final class PromptCatalog {

  private static final Pattern PARAM = Pattern.compile("\\{([a-zA-Z]+)(:digits)?}");

  private final String source;
  private final Map<String, String> voice;
  private final Map<String, String> sms;
  private final Map<String, String> email;

  private PromptCatalog(
      String source,
      Map<String, String> voice,
      Map<String, String> sms,
      Map<String, String> email) {
    this.source = source;
    this.voice = Map.copyOf(voice);
    this.sms = Map.copyOf(sms);
    this.email = Map.copyOf(email);
  }

  /**
   * Reads {@code <folder>/<locale>.yaml}.
   *
   * @param knownParams every parameter name a text may use
   * @throws IllegalArgumentException naming the file, the prompt and the mistake
   */
  public static PromptCatalog load(Path folder, String locale, Set<String> knownParams)
      throws IOException {
    String fileName = locale + ".yaml";
    return parse(
        CatalogFiles.source(folder, fileName),
        CatalogFiles.read(folder, fileName, "prompt catalog"),
        knownParams);
  }

  /** Parses catalog text; {@code source} names it in messages. */
  public static PromptCatalog parse(String source, String yaml, Set<String> knownParams) {
    JsonNode root = CatalogFiles.parse(source, yaml);
    if (root == null || !root.path("voice").isObject()) {
      throw new IllegalArgumentException(source + ": expected a 'voice:' mapping of prompts");
    }
    List<String> problems = new ArrayList<>();
    Map<String, String> voice = section(source, "voice", root.path("voice"), knownParams, problems);
    Map<String, String> sms = section(source, "sms", root.path("sms"), knownParams, problems);
    Map<String, String> email = section(source, "email", root.path("email"), knownParams, problems);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("\n", problems));
    }
    return new PromptCatalog(source, voice, sms, email);
  }

  private static Map<String, String> section(
      String source, String name, JsonNode node, Set<String> knownParams, List<String> problems) {
    Map<String, String> texts = new LinkedHashMap<>();
    node.fields()
        .forEachRemaining(
            e -> {
              String text = e.getValue().asText("");
              Matcher m = PARAM.matcher(text);
              while (m.find()) {
                if (!knownParams.contains(m.group(1))) {
                  problems.add(
                      source
                          + ": "
                          + name
                          + " '"
                          + e.getKey()
                          + "': unknown parameter '{"
                          + m.group(1)
                          + "}' (expected one of: "
                          + String.join(", ", new java.util.TreeSet<>(knownParams))
                          + ")");
                }
              }
              texts.put(e.getKey(), text);
            });
    return texts;
  }

  /**
   * One text of a catalog.
   *
   * @param section {@code voice}, {@code sms} or {@code email}
   * @param key the text's key
   * @param params the names of the parameters it uses, sorted
   */
  public record Text(String section, String key, java.util.SortedSet<String> params) {}

  /** Every text of every section, with the parameters each uses. */
  public List<Text> texts() {
    List<Text> all = new ArrayList<>();
    for (String section : List.of("voice", "sms", "email")) {
      section(section).keySet().forEach(key -> all.add(text(section, key).orElseThrow()));
    }
    return all;
  }

  /** One text, if this catalog has it. */
  public java.util.Optional<Text> text(String section, String key) {
    String text = section(section).get(key);
    if (text == null) {
      return java.util.Optional.empty();
    }
    java.util.SortedSet<String> params = new java.util.TreeSet<>();
    Matcher m = PARAM.matcher(text);
    while (m.find()) {
      params.add(m.group(1));
    }
    return java.util.Optional.of(new Text(section, key, params));
  }

  private Map<String, String> section(String name) {
    return switch (name) {
      case "voice" -> voice;
      case "sms" -> sms;
      default -> email;
    };
  }

  /** Where this catalog was read from, for messages. */
  public String source() {
    return source;
  }

  /** Whether the line has a prompt of this key. */
  public boolean hasVoice(String key) {
    return voice.containsKey(key);
  }

  /** The keys of every spoken prompt, in catalog order. */
  public java.util.Set<String> voiceKeys() {
    return java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(voice.keySet()));
  }

  /**
   * A spoken prompt as written, with its parameters still in braces, for lines that play recordings
   * of its fixed parts and speak the parameters themselves.
   */
  public java.util.Optional<String> voiceTemplate(String key) {
    return java.util.Optional.ofNullable(voice.get(key));
  }

  /** The spoken text of a prompt with its parameters filled in. */
  public String voice(String key, Map<String, String> params) {
    return fill(key, voice.get(key), params, true);
  }

  /** The text of a message with its parameters filled in. */
  public String sms(String key, Map<String, String> params) {
    return fill(key, sms.get(key), params, false);
  }

  /** The text of an email part (such as {@code code-subject}) with its parameters filled in. */
  public String email(String key, Map<String, String> params) {
    return fill(key, email.get(key), params, false);
  }

  private String fill(String key, String text, Map<String, String> params, boolean spoken) {
    if (text == null) {
      throw new IllegalArgumentException(source + ": no text '" + key + "'");
    }
    Matcher m = PARAM.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = params.getOrDefault(m.group(1), "");
      if (m.group(2) != null && spoken) {
        value = String.join(", ", value.split(""));
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }
}

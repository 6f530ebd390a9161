package io.callproof.speech;

import com.fasterxml.jackson.databind.JsonNode;
import io.callproof.ivr.CatalogFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Why callers call, and the phrases that say so in each locale, read from {@code ivr/intents.yaml}.
 * A transcript says an intent when every word of one of its phrases appears in it, in order; the
 * longest such phrase wins, and a transcript that says none of them is {@link #OTHER}.
 */
public final class IntentCatalog {

  /** The intent of a caller who said something that matches no phrase; every catalog has it. */
  public static final String OTHER = "other";

  private final String source;
  private final Map<String, Map<String, List<List<String>>>> phrases;
  private final Map<String, List<String>> hints;

  private IntentCatalog(
      String source,
      Map<String, Map<String, List<List<String>>>> phrases,
      Map<String, List<String>> hints) {
    this.source = source;
    this.phrases = phrases;
    this.hints = hints;
  }

  /** A catalog with only {@link #OTHER}, for a line that asks no intent. */
  public static IntentCatalog none() {
    return new IntentCatalog("(none)", Map.of(OTHER, Map.of()), Map.of());
  }

  /**
   * Reads {@code <folder>/intents.yaml}.
   *
   * @param locales the locales every intent must have phrases for (except {@link #OTHER})
   * @throws IllegalArgumentException naming the file, the intent and the fix
   */
  public static IntentCatalog load(Path folder, Set<String> locales) throws IOException {
    return parse(
        CatalogFiles.source(folder, "intents.yaml"),
        CatalogFiles.read(folder, "intents.yaml", "intent catalog"),
        locales);
  }

  /** Parses catalog text; {@code source} names it in messages. */
  public static IntentCatalog parse(String source, String yaml, Set<String> locales) {
    JsonNode root = CatalogFiles.parse(source, yaml);
    if (root == null || !root.path("intents").isObject()) {
      throw new IllegalArgumentException(source + ": expected an 'intents:' mapping");
    }
    List<String> problems = new ArrayList<>();
    Map<String, Map<String, List<List<String>>>> phrases = new LinkedHashMap<>();
    Map<String, List<String>> hints = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.path("intents").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> intent = it.next();
      String where = source + ": intent '" + intent.getKey() + "'";
      if (!intent.getKey().matches("[a-z][a-z0-9-]{0,39}")) {
        problems.add(where + ": a name is lowercase letters, digits and '-', such as mfa-reset");
        continue;
      }
      phrases.put(intent.getKey(), locales(where, intent, locales, hints, problems));
    }
    if (!phrases.containsKey(OTHER)) {
      problems.add(source + ": no intent 'other' (add 'other: {}' for what matches no phrase)");
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("\n", problems));
    }
    return new IntentCatalog(source, phrases, hints);
  }

  private static Map<String, List<List<String>>> locales(
      String where,
      Map.Entry<String, JsonNode> intent,
      Set<String> locales,
      Map<String, List<String>> hints,
      List<String> problems) {
    Map<String, List<List<String>>> byLocale = new LinkedHashMap<>();
    JsonNode node = intent.getValue();
    if (!node.isObject()) {
      problems.add(where + ": expected a mapping of locale to phrases, such as en-US: [...]");
      return byLocale;
    }
    node.fieldNames()
        .forEachRemaining(
            locale -> {
              if (!locales.contains(locale)) {
                problems.add(
                    where + ": unknown locale '" + locale + "' (expected one of: " + locales + ")");
              }
            });
    for (String locale : locales) {
      JsonNode list = node.path(locale);
      if (OTHER.equals(intent.getKey()) && list.isMissingNode()) {
        continue;
      }
      if (!list.isArray() || list.isEmpty()) {
        problems.add(
            where + ": no phrases for " + locale + " (add '" + locale + ": [phrase, ...]')");
        continue;
      }
      List<List<String>> parsed = new ArrayList<>();
      for (JsonNode phrase : list) {
        List<String> words = SpokenNumbers.tokens(phrase.asText(""));
        if (words.isEmpty()) {
          problems.add(where + ": an empty phrase for " + locale);
        } else {
          parsed.add(words);
          hints.computeIfAbsent(locale, l -> new ArrayList<>()).add(phrase.asText());
        }
      }
      byLocale.put(locale, parsed);
    }
    return byLocale;
  }

  /** Where this catalog was read from, for messages. */
  public String source() {
    return source;
  }

  /** Every intent's name, {@link #OTHER} included, in catalog order. */
  public Set<String> intents() {
    return phrases.keySet();
  }

  /** The phrases of every intent in a locale, to bias a recogniser. */
  public List<String> hints(String locale) {
    return hints.getOrDefault(locale, List.of());
  }

  /**
   * The intent a transcript says.
   *
   * @return the intent, {@link #OTHER} when words were said but match no phrase, or empty when
   *     nothing was said
   */
  public Optional<String> intentOf(String transcript, String locale) {
    List<String> words = SpokenNumbers.tokens(transcript);
    if (words.isEmpty()) {
      return Optional.empty();
    }
    String best = OTHER;
    int bestLength = 0;
    for (Map.Entry<String, Map<String, List<List<String>>>> intent : phrases.entrySet()) {
      for (List<String> phrase : intent.getValue().getOrDefault(locale, List.of())) {
        if (phrase.size() > bestLength && inOrder(words, phrase)) {
          best = intent.getKey();
          bestLength = phrase.size();
        }
      }
    }
    return Optional.of(best);
  }

  private static boolean inOrder(List<String> words, List<String> phrase) {
    int next = 0;
    for (String word : words) {
      if (next < phrase.size() && phrase.get(next).equals(word)) {
        next++;
      }
    }
    return next == phrase.size();
  }
}

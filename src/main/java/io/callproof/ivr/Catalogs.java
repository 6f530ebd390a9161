package io.callproof.ivr;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The prompt catalogs of every locale a caller may be spoken to in, checked against each other:
 * every locale has every prompt, text and email part of the default locale, with the same
 * parameters, so that a call switching language never meets a missing or half-filled prompt.
 */
public final class Catalogs {

  private final String defaultLocale;
  private final Map<String, PromptCatalog> byLocale;

  private Catalogs(String defaultLocale, Map<String, PromptCatalog> byLocale) {
    this.defaultLocale = defaultLocale;
    this.byLocale = Map.copyOf(byLocale);
  }

  /**
   * Reads {@code <folder>/<locale>.yaml} for each locale and compares them with the default's.
   *
   * @param required prompts every catalog must have whatever the flows use
   * @throws IllegalArgumentException listing, for each file, the prompt and the fix
   */
  public static Catalogs load(
      Path folder,
      String defaultLocale,
      List<String> locales,
      Set<String> knownParams,
      Set<String> required)
      throws IOException {
    Map<String, PromptCatalog> loaded = new LinkedHashMap<>();
    loaded.put(defaultLocale, PromptCatalog.load(folder, defaultLocale, knownParams));
    for (String locale : locales) {
      if (!loaded.containsKey(locale)) {
        loaded.put(locale, PromptCatalog.load(folder, locale, knownParams));
      }
    }
    return of(defaultLocale, loaded, required);
  }

  /** Checks catalogs already parsed; the default locale's is the reference. */
  public static Catalogs of(
      String defaultLocale, Map<String, PromptCatalog> catalogs, Set<String> required) {
    PromptCatalog reference = catalogs.get(defaultLocale);
    List<String> problems = new ArrayList<>();
    for (String key : new java.util.TreeSet<>(required)) {
      if (!reference.hasVoice(key)) {
        problems.add(
            reference.source() + ": missing prompt '" + key + "' (the line speaks it; add it)");
      }
    }
    for (PromptCatalog other : catalogs.values()) {
      if (other != reference) {
        compare(reference, other, problems);
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("\n", problems));
    }
    return new Catalogs(defaultLocale, catalogs);
  }

  private static void compare(PromptCatalog reference, PromptCatalog other, List<String> problems) {
    for (PromptCatalog.Text text : reference.texts()) {
      PromptCatalog.Text translated = other.text(text.section(), text.key()).orElse(null);
      String where = other.source() + ": " + text.section() + " '" + text.key() + "'";
      if (translated == null) {
        problems.add(
            where + ": missing (translate it from " + reference.source() + ", same parameters)");
      } else if (!translated.params().equals(text.params())) {
        problems.add(
            where
                + ": parameters "
                + translated.params()
                + " differ from "
                + reference.source()
                + "'s "
                + text.params()
                + " (use the same ones)");
      }
    }
    for (PromptCatalog.Text text : other.texts()) {
      if (reference.text(text.section(), text.key()).isEmpty()) {
        problems.add(
            other.source()
                + ": "
                + text.section()
                + " '"
                + text.key()
                + "': not in "
                + reference.source()
                + " (remove it, or add it there)");
      }
    }
  }

  /** The locale of a call that names none. */
  public String defaultLocale() {
    return defaultLocale;
  }

  /** Every locale with a catalog, the default first. */
  public Set<String> locales() {
    return byLocale.keySet();
  }

  /** The default locale's catalog. */
  public PromptCatalog reference() {
    return byLocale.get(defaultLocale);
  }

  /** The catalog of a locale, or the default's for a locale without one (or {@code null}). */
  public PromptCatalog of(String locale) {
    return locale == null ? reference() : byLocale.getOrDefault(locale, reference());
  }
}

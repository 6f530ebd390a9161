package io.callproof.asterisk;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a catalog prompt sounds on Asterisk: its fixed parts as sound files (rendered by {@code
 * render-prompts}), digits and numbers spoken by Asterisk, and names as rendered name files where
 * they exist. The renderer and the line both take a prompt apart here, so that the files one writes
 * are the files the other plays.
 */
final class PromptAudio {

  /** One piece of a prompt as the line plays it. */
  sealed interface Part {}

  /**
   * A sound file.
   *
   * @param name as {@code STREAM FILE} names it: no extension
   */
  record File(String name) implements Part {}

  /** Digits read one by one ({@code SAY DIGITS}). */
  record Digits(String digits) implements Part {}

  /** A whole number read as a number ({@code SAY NUMBER}). */
  record Number(String number) implements Part {}

  /**
   * A moment read as a date and time ({@code SAY DATETIME}).
   *
   * @param epochSecond the moment, in seconds since 1970 UTC
   * @param format Asterisk's {@code SAY DATETIME} format, such as {@code Q 'digits/at' IMp}
   * @param zone IANA time zone it is said in
   */
  record DateTime(long epochSecond, String format, String zone) implements Part {}

  /**
   * A fixed part of a prompt as the renderer writes it.
   *
   * @param file the file's name below the render folder, no extension
   * @param text what it says
   */
  record FixedPart(String file, String text) {}

  private static final Pattern PARAM = Pattern.compile("\\{([a-zA-Z]+)(:digits)?}");
  private static final Set<String> NAMES = Set.of("msp", "company", "firstName", "technician");
  private static final Pattern WHOLE_NUMBER = Pattern.compile("[0-9]{1,9}");

  /** Parameters that are a time in words on Twilio; Asterisk says the moment itself instead. */
  private static final Set<String> TIMES = Set.of("calledWhen", "calledAgo");

  /** "today at 2 14 PM", "yesterday at ...", else the weekday and date, then the time. */
  private static final String TIME_FORMAT = "Q 'digits/at' IMp";

  private final String sounds;
  private final Optional<Path> rendered;

  /**
   * @param sounds the folder the PBX plays Callproof's files from, as Playback names it
   * @param rendered the local copy of the render folder, to know which name files exist
   */
  PromptAudio(String sounds, Optional<Path> rendered) {
    this.sounds = sounds.replaceAll("/+$", "");
    this.rendered = rendered;
  }

  /** The fixed parts of a prompt that need a file, numbered in order. */
  static List<FixedPart> fixedParts(String locale, String key, String template) {
    List<FixedPart> parts = new ArrayList<>();
    for (String text : PARAM.split(template, -1)) {
      if (speaks(text)) {
        parts.add(new FixedPart(locale + "/" + key + "-" + parts.size(), text.trim()));
      }
    }
    return parts;
  }

  /** The file below the render folder a name is rendered into, no extension. */
  static String nameFile(String tenantId, String name) {
    String slug =
        name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
    return "names/" + tenantId + "/" + (slug.isEmpty() ? "name" : slug);
  }

  /**
   * What the line plays for a prompt.
   *
   * @param locale the catalog's locale, such as {@code en-US}, which names the folder of its files
   * @param template the prompt as written in the catalog
   * @param params its parameters; a {@code technician} name without a rendered file is replaced by
   *     the {@code technicianId} read digit by digit
   */
  List<Part> parts(
      String tenantId, String locale, String key, String template, Map<String, String> params) {
    List<Part> parts = new ArrayList<>();
    Matcher m = PARAM.matcher(template);
    int fixed = 0;
    int from = 0;
    while (m.find()) {
      fixed = addFixed(parts, locale, key, template.substring(from, m.start()), fixed);
      addParam(parts, tenantId, m.group(1), m.group(2) != null, params);
      from = m.end();
    }
    addFixed(parts, locale, key, template.substring(from), fixed);
    return parts;
  }

  private int addFixed(List<Part> parts, String locale, String key, String text, int index) {
    if (!speaks(text)) {
      return index;
    }
    parts.add(new File(sounds + "/" + locale + "/" + key + "-" + index));
    return index + 1;
  }

  private void addParam(
      List<Part> parts, String tenantId, String name, boolean digits, Map<String, String> params) {
    String value = params.getOrDefault(name, "");
    if (value.isEmpty()) {
      return;
    }
    if (digits) {
      parts.add(new Digits(value.replaceAll("[^0-9*#]", "")));
    } else if (TIMES.contains(name)) {
      String at = params.getOrDefault("calledAt", "");
      if (at.matches("[0-9]{1,12}")) {
        parts.add(
            new DateTime(
                Long.parseLong(at), TIME_FORMAT, params.getOrDefault("calledZone", "UTC")));
      }
    } else if (NAMES.contains(name)) {
      Optional<String> file = renderedName(tenantId, value);
      if (file.isPresent()) {
        parts.add(new File(file.get()));
      } else if ("technician".equals(name) && params.containsKey("technicianId")) {
        parts.add(new Digits(params.get("technicianId").replaceAll("[^0-9]", "")));
      }
    } else if (WHOLE_NUMBER.matcher(value).matches()) {
      parts.add(new Number(value));
    }
  }

  private Optional<String> renderedName(String tenantId, String name) {
    String file = nameFile(tenantId, name);
    if (rendered.isEmpty() || !Files.isRegularFile(rendered.get().resolve(file + ".wav"))) {
      return Optional.empty();
    }
    return Optional.of(sounds + "/" + file);
  }

  private static boolean speaks(String text) {
    return text.codePoints().anyMatch(Character::isLetterOrDigit);
  }
}

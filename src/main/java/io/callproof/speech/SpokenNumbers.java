package io.callproof.speech;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns what a caller said for a number (a code, an employee number, a key) into the digits they
 * meant, in English (en-US) or Canadian French (fr-CA). Pure and stateless.
 *
 * <p>It understands digit words ({@code four seven}, {@code quatre sept}), {@code oh} for zero,
 * {@code double} and {@code triple} before a digit (in French too, where some callers say {@code
 * double sept}; {@code deux fois sept} is not understood, since it also reads as "two, seven"),
 * numbers below a thousand said as numbers ({@code forty seven}, {@code quarante-sept}, {@code
 * soixante-dix}, {@code quatre-vingt-dix-sept}, {@code four hundred twelve}), numerals as a
 * recogniser writes them ({@code 4 7 1 2}, {@code 4712}), fillers ({@code um}, {@code it's}, {@code
 * c'est}, {@code euh}) and self-corrections: everything before the last {@code no}, {@code sorry},
 * {@code I mean} ({@code non}, {@code pardon}, {@code je veux dire}) is dropped. Anything else
 * makes the whole answer unclear: a guess is never made.
 */
public final class SpokenNumbers {

  private static final Map<String, Words> WORDS =
      Map.of("en-US", Words.forEnglish(), "fr-CA", Words.forFrench());

  private SpokenNumbers() {}

  /** The locales whose words are known. */
  public static Set<String> locales() {
    return WORDS.keySet();
  }

  /**
   * The digits a transcript says.
   *
   * @param transcript what the recogniser heard
   * @param locale {@code en-US} or {@code fr-CA}; another locale understands numerals only
   * @return the digits (at least one), or empty when the transcript is not clearly a number
   */
  public static Optional<String> digits(String transcript, String locale) {
    Words words = WORDS.getOrDefault(locale, Words.NONE);
    List<String> tokens = afterLastCorrection(tokens(transcript), words);
    tokens.removeIf(words.fillers::contains);
    if (tokens.isEmpty()) {
      return Optional.empty();
    }
    return new Reader(tokens, words).read();
  }

  /** The hints that help a recogniser hear numbers in a locale: its digit and number words. */
  public static List<String> hints(String locale) {
    Words words = WORDS.getOrDefault(locale, Words.NONE);
    return words.hints;
  }

  /**
   * Lower case, accents and punctuation removed, hyphens as spaces, so that {@code
   * Quatre-Vingt-Dix} and {@code quatre vingt dix} read alike.
   */
  static List<String> tokens(String text) {
    String plain =
        Normalizer.normalize(text.toLowerCase(Locale.ROOT), Normalizer.Form.NFD)
            .replaceAll("\\p{M}", "")
            .replace('\u2019', '\'')
            .replaceAll("[-,.!?;:]", " ")
            .trim();
    List<String> tokens = new ArrayList<>();
    for (String token : plain.split("\\s+")) {
      if (!token.isEmpty()) {
        tokens.add(token);
      }
    }
    return tokens;
  }

  private static List<String> afterLastCorrection(List<String> tokens, Words words) {
    int from = 0;
    for (int i = 0; i < tokens.size(); i++) {
      for (List<String> marker : words.corrections) {
        if (startsAt(tokens, i, marker)) {
          from = i + marker.size();
        }
      }
    }
    return new ArrayList<>(tokens.subList(Math.min(from, tokens.size()), tokens.size()));
  }

  private static boolean startsAt(List<String> tokens, int at, List<String> marker) {
    return at + marker.size() <= tokens.size()
        && tokens.subList(at, at + marker.size()).equals(marker);
  }

  /** Reads groups one after another; each group is a digit, a repeat, or a number below 1000. */
  private static final class Reader {
    private final List<String> tokens;
    private final Words words;
    private int at;

    Reader(List<String> tokens, Words words) {
      this.tokens = tokens;
      this.words = words;
    }

    Optional<String> read() {
      StringBuilder digits = new StringBuilder();
      while (at < tokens.size()) {
        String group = group();
        if (group == null) {
          return Optional.empty();
        }
        digits.append(group);
      }
      return Optional.of(digits.toString());
    }

    private String group() {
      String token = tokens.get(at);
      if (token.matches("[0-9]+")) {
        at++;
        return token;
      }
      Integer repeat = words.repeats.get(token);
      if (repeat != null) {
        at++;
        Integer digit = peekUnit();
        if (digit == null) {
          return null;
        }
        at++;
        return String.valueOf(digit).repeat(repeat);
      }
      Integer value = belowThousand();
      return value == null ? null : String.valueOf(value);
    }

    private Integer belowThousand() {
      Integer unit = peekUnit();
      if (unit != null && unit > 0 && isHundred(at + 1)) {
        at += 2;
        Integer rest = belowHundred();
        return 100 * unit + (rest == null ? 0 : rest);
      }
      if (isHundred(at)) {
        at++;
        Integer rest = belowHundred();
        return 100 + (rest == null ? 0 : rest);
      }
      return belowHundred();
    }

    private boolean isHundred(int index) {
      return index < tokens.size() && words.hundreds.contains(tokens.get(index));
    }

    /** A number from 0 to 99 in the locale's words, read as long as the words go on. */
    private Integer belowHundred() {
      if (at >= tokens.size()) {
        return null;
      }
      String token = tokens.get(at);
      if (words.french && "quatre".equals(token) && isAny(at + 1, "vingt", "vingts")) {
        at += 2;
        Integer rest = belowTwenty(false);
        return 80 + (rest == null ? 0 : rest);
      }
      Integer tens = words.tens.get(token);
      if (tens != null) {
        at++;
        Integer rest = words.french && tens == 60 ? belowTwenty(true) : unitAfterTens(tens);
        return tens + (rest == null ? 0 : rest);
      }
      return belowTwenty(false);
    }

    /**
     * After a ten: a digit 1 to 9 ({@code forty seven}; {@code vingt et un}, {@code trente-deux}).
     */
    private Integer unitAfterTens(int tens) {
      if (words.french && isAny(at, "et") && isAny(at + 1, "un", "une")) {
        at += 2;
        return 1;
      }
      Integer unit = peekUnit();
      if (unit == null || unit == 0 || (words.french && unit == 1)) {
        return null;
      }
      at++;
      return unit;
    }

    /**
     * 0 to 19. In French, {@code dix-sept} is 17, and after {@code soixante} an {@code et} may come
     * before {@code un} or {@code onze} ({@code soixante et onze}).
     */
    private Integer belowTwenty(boolean afterSixty) {
      if (at >= tokens.size()) {
        return null;
      }
      if (afterSixty && isAny(at, "et") && isAny(at + 1, "un", "une", "onze")) {
        at++;
      }
      String token = tokens.get(at);
      Integer teen = words.teens.get(token);
      if (teen != null) {
        at++;
        if (words.french && teen == 10) {
          Integer unit = peekUnit();
          if (unit != null && unit >= 7) {
            at++;
            return 10 + unit;
          }
        }
        return teen;
      }
      Integer unit = peekUnit();
      if (unit != null) {
        at++;
      }
      return unit;
    }

    private Integer peekUnit() {
      return at < tokens.size() ? words.units.get(tokens.get(at)) : null;
    }

    private boolean isAny(int index, String... candidates) {
      return index < tokens.size() && List.of(candidates).contains(tokens.get(index));
    }
  }

  /** One locale's words. */
  private record Words(
      boolean french,
      Map<String, Integer> units,
      Map<String, Integer> teens,
      Map<String, Integer> tens,
      Set<String> hundreds,
      Map<String, Integer> repeats,
      Set<String> fillers,
      List<List<String>> corrections,
      List<String> hints) {

    static final Words NONE =
        new Words(
            false, Map.of(), Map.of(), Map.of(), Set.of(), Map.of(), Set.of(), List.of(),
            List.of());

    static Words forEnglish() {
      Map<String, Integer> units =
          Map.ofEntries(
              Map.entry("zero", 0),
              Map.entry("oh", 0),
              Map.entry("o", 0),
              Map.entry("one", 1),
              Map.entry("two", 2),
              Map.entry("three", 3),
              Map.entry("four", 4),
              Map.entry("five", 5),
              Map.entry("six", 6),
              Map.entry("seven", 7),
              Map.entry("eight", 8),
              Map.entry("nine", 9),
              // What recognisers write for digits said alone.
              Map.entry("for", 4),
              Map.entry("too", 2),
              Map.entry("ate", 8));
      Map<String, Integer> teens =
          Map.of(
              "ten",
              10,
              "eleven",
              11,
              "twelve",
              12,
              "thirteen",
              13,
              "fourteen",
              14,
              "fifteen",
              15,
              "sixteen",
              16,
              "seventeen",
              17,
              "eighteen",
              18,
              "nineteen",
              19);
      Map<String, Integer> tens =
          Map.of(
              "twenty", 20, "thirty", 30, "forty", 40, "fifty", 50, "sixty", 60, "seventy", 70,
              "eighty", 80, "ninety", 90);
      return new Words(
          false,
          units,
          teens,
          tens,
          Set.of("hundred"),
          Map.of("double", 2, "triple", 3),
          Set.of(
              "um", "umm", "uh", "er", "erm", "hmm", "it's", "its", "it", "is", "that's", "the",
              "code", "my", "number", "okay", "ok", "so", "and", "a", "like", "let", "me", "see",
              "i", "think"),
          List.of(List.of("no"), List.of("sorry"), List.of("i", "mean"), List.of("actually")),
          // The class token asks Google's recognisers (Twilio's among them) for digit sequences.
          List.of(
              "$OOV_CLASS_DIGIT_SEQUENCE",
              "zero",
              "oh",
              "one",
              "two",
              "three",
              "four",
              "five",
              "six",
              "seven",
              "eight",
              "nine",
              "double",
              "triple"));
    }

    static Words forFrench() {
      Map<String, Integer> units =
          Map.ofEntries(
              Map.entry("zero", 0),
              Map.entry("un", 1),
              Map.entry("une", 1),
              Map.entry("deux", 2),
              Map.entry("trois", 3),
              Map.entry("quatre", 4),
              Map.entry("cinq", 5),
              Map.entry("six", 6),
              Map.entry("sept", 7),
              Map.entry("huit", 8),
              Map.entry("neuf", 9));
      Map<String, Integer> teens =
          Map.of(
              "dix",
              10,
              "onze",
              11,
              "douze",
              12,
              "treize",
              13,
              "quatorze",
              14,
              "quinze",
              15,
              "seize",
              16);
      Map<String, Integer> tens =
          Map.of("vingt", 20, "trente", 30, "quarante", 40, "cinquante", 50, "soixante", 60);
      return new Words(
          true,
          units,
          teens,
          tens,
          Set.of("cent", "cents"),
          Map.of("double", 2, "triple", 3),
          Set.of(
              "euh",
              "heu",
              "hum",
              "ben",
              "bah",
              "c'est",
              "cest",
              "c",
              "est",
              "ca",
              "le",
              "la",
              "mon",
              "code",
              "numero",
              "alors",
              "donc",
              "voici",
              "c'est-a-dire",
              "genre"),
          List.of(
              List.of("non"),
              List.of("pardon"),
              List.of("je", "veux", "dire"),
              List.of("plutot"),
              List.of("en", "fait")),
          List.of(
              "zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf",
              "double", "triple"));
    }
  }
}

package io.callproof.speech;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What callers say for numbers, in each language, and the digits it means (or that it is unclear).
 */
class SpokenNumbersTest {

  @ParameterizedTest(name = "en-US \"{0}\" is {1}")
  @CsvSource(
      delimiter = '|',
      nullValues = "UNCLEAR",
      value = {
        // every digit word, and oh and zero
        "zero one two three four five six seven eight nine | 0123456789",
        "four oh seven | 407",
        "oh oh seven | 007",
        "Four, Seven, One, Two. | 4712",
        // double and triple
        "double seven one | 771",
        "triple zero four | 0004",
        "four double oh five | 4005",
        // teens and tens
        "forty seven | 47",
        "forty-seven twelve | 4712",
        "eleven thirteen nineteen | 111319",
        "twenty | 20",
        "ninety nine ninety nine | 9999",
        "four hundred twelve | 412",
        "four hundred and twelve | 412",
        // numerals as a recogniser writes them
        "4 7 1 2 9 9 | 471299",
        "471299 | 471299",
        "47-12 | 4712",
        // fillers
        "um four seven one two | 4712",
        "it's four seven one two | 4712",
        "uh, the code is 4 7 1 2 | 4712",
        "okay so my code is forty seven | 47",
        // self-corrections
        "four seven no four eight | 48",
        "four seven one sorry four seven two | 472",
        "four seven I mean four eight | 48",
        // misheard digit words
        "for ate too | 482",
        // not numbers
        "I don't know | UNCLEAR",
        "I'm locked out | UNCLEAR",
        "four seven banana | UNCLEAR",
        "double | UNCLEAR",
        "four seven no | UNCLEAR",
        "um | UNCLEAR",
        "two thousand | UNCLEAR",
        "quatre sept | UNCLEAR",
        "' ' | UNCLEAR",
      })
  void english_spokenAnswer_readsAsDigitsOrUnclear(String said, String digits) {
    assertThat(SpokenNumbers.digits(said, "en-US").orElse(null)).isEqualTo(digits);
  }

  @ParameterizedTest(name = "fr-CA \"{0}\" is {1}")
  @CsvSource(
      delimiter = '|',
      nullValues = "UNCLEAR",
      value = {
        // every digit word, and zéro
        "zéro un deux trois quatre cinq six sept huit neuf | 0123456789",
        "Zero, Un, Deux. | 012",
        "une | 1",
        // double and triple
        "double sept un | 771",
        "triple zéro quatre | 0004",
        // teens and tens
        "dix onze douze treize quatorze quinze seize | 10111213141516",
        "dix-sept dix-huit dix-neuf | 171819",
        "quarante-sept | 47",
        "quarante sept douze | 4712",
        "vingt et un | 21",
        "trente-deux | 32",
        "soixante | 60",
        "soixante-dix | 70",
        "soixante et onze | 71",
        "soixante-douze | 72",
        "soixante-dix-neuf | 79",
        "quatre-vingts | 80",
        "quatre-vingt-un | 81",
        "quatre-vingt-dix | 90",
        "quatre-vingt-dix-sept | 97",
        "Quatre Vingt Dix Sept | 97",
        "cent douze | 112",
        "deux cents | 200",
        // numerals as a recogniser writes them
        "4 7 1 2 9 9 | 471299",
        "c'est 4712 | 4712",
        // fillers
        "euh quatre sept | 47",
        "c'est quatre sept un deux | 4712",
        "c’est quarante-sept douze | 4712",
        "alors mon code c'est sept sept | 77",
        // self-corrections
        "quatre sept non quatre huit | 48",
        "quatre sept pardon quatre huit | 48",
        "quarante-sept je veux dire quarante-huit | 48",
        // not numbers
        "je ne sais pas | UNCLEAR",
        "mot de passe | UNCLEAR",
        "quatre sept banane | UNCLEAR",
        "quatre sept non | UNCLEAR",
        "euh | UNCLEAR",
        "deux fois sept | UNCLEAR",
        "four seven | UNCLEAR",
      })
  void french_spokenAnswer_readsAsDigitsOrUnclear(String said, String digits) {
    assertThat(SpokenNumbers.digits(said, "fr-CA").orElse(null)).isEqualTo(digits);
  }

  @ParameterizedTest(name = "{1} \"{0}\" is {2}")
  @CsvSource(
      delimiter = '|',
      nullValues = "UNCLEAR",
      value = {"4 7 1 2 | de-DE | 4712", "vier sieben | de-DE | UNCLEAR"})
  void unknownLocale_understandsNumeralsOnly(String said, String locale, String digits) {
    assertThat(SpokenNumbers.digits(said, locale).orElse(null)).isEqualTo(digits);
  }
}

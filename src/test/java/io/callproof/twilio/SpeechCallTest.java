package io.callproof.twilio;

import static io.callproof.support.Helpdesk.DANA_MOBILE;
import static io.callproof.support.Helpdesk.HELPDESK;
import static io.callproof.support.Helpdesk.RANDY_PHONE;
import static org.assertj.core.api.Assertions.assertThat;

import io.callproof.phone.SimulatedCall;
import io.callproof.support.Helpdesk;
import io.callproof.support.LogCapture;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Callers who speak instead of typing, on Twilio: signed webhooks with {@code SpeechResult} and
 * {@code Confidence}, TwiML read back as Twilio reads it, in English and in Canadian French.
 */
class SpeechCallTest {

  private static final String FRENCH_HELPDESK = "+12125550112";
  private static final String MARIE_MOBILE = "+12125550125";
  private static final List<String> ENGLISH =
      List.of("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine");
  private static final List<String> FRENCH =
      List.of("zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf");

  private static Helpdesk helpdesk;
  private LogCapture log;

  @BeforeAll
  static void start() throws Exception {
    helpdesk = Helpdesk.start("/speech-tenant.yaml", Map.of("CALLPROOF_TWILIO_SPEECH", "true"));
  }

  @AfterAll
  static void stop() {
    helpdesk.close();
  }

  @BeforeEach
  void nextTest() {
    helpdesk.nextTest();
    log = new LogCapture();
  }

  @AfterEach
  void stopCapture() {
    log.close();
  }

  private static SimulatedCall call(String from, String to) {
    return helpdesk.twilio.call(from, to).place();
  }

  /** Dana calls, says nothing at the intent question, and is asked for the texted code. */
  private static SimulatedCall danaAtTheCode() {
    return call(DANA_MOBILE, HELPDESK).silence();
  }

  private static String words(String digits, List<String> names) {
    StringBuilder said = new StringBuilder();
    for (char c : digits.toCharArray()) {
      said.append(said.length() == 0 ? "" : " ").append(names.get(c - '0'));
    }
    return said.toString();
  }

  private static String wrong(String code) {
    return code.charAt(0) == '9' ? "1" + code.substring(1) : "9" + code.substring(1);
  }

  @Test
  void intentQuestion_isASpeechGatherWithIntentHintsInTheCallersLanguage() {
    SimulatedCall call = call(DANA_MOBILE, HELPDESK);

    assertThat(call.lastHeard()).startsWith("In a few words, tell us why you are calling");
    assertThat(languageOf(call, "Pour le français, appuyez sur le 9.")).isEqualTo("fr-CA");
    assertThat(languagesBut(call, "Pour le français, appuyez sur le 9.")).containsOnly("en-US");
    assertThat(call.gatherAttributes())
        .containsEntry("input", "dtmf speech")
        .containsEntry("language", "en-US")
        .containsEntry("speechTimeout", "auto")
        .containsEntry("numDigits", "1");
    assertThat(call.gatherAttributes().get("hints")).contains("locked out", "forgot password");
  }

  @Test
  void codeQuestion_isASpeechGatherWithDigitHints() {
    SimulatedCall call = danaAtTheCode();

    assertThat(call.lastHeard()).isEqualTo("Please type the code on your keypad now.");
    assertThat(call.gatherAttributes())
        .containsEntry("input", "dtmf speech")
        .containsEntry("language", "en-US")
        .containsEntry("numDigits", "6");
    assertThat(call.gatherAttributes().get("hints"))
        .contains("$OOV_CLASS_DIGIT_SEQUENCE", "seven", "double");
  }

  @Test
  void spokenRightCode_verifiesAndLogsNoCode() {
    SimulatedCall call = danaAtTheCode();
    String code = helpdesk.codeTextedTo(DANA_MOBILE);

    call.speak(words(code, ENGLISH), "0.93");

    assertThat(call.state()).isEqualTo(SimulatedCall.State.DIALLING);
    assertThat(call.heard()).contains("Thank you, Dana. You are verified.");
    assertThat(call.legs().get(0).parameters()).containsEntry("badge", "verified");
    assertThat(log.lines()).noneMatch(line -> line.contains(code) || line.contains("seven"));
    assertThat(log.problems()).isEmpty();
  }

  @Test
  void spokenCodeInTensAndWithoutConfidence_verifiesWhenItReadsCleanly() {
    SimulatedCall call = danaAtTheCode();
    String code = helpdesk.codeTextedTo(DANA_MOBILE);
    String said = "um it's " + words(code.substring(0, 4), ENGLISH) + " " + tens(code.substring(4));

    call.speak(said, null);

    assertThat(call.heard()).contains("Thank you, Dana. You are verified.");
  }

  @Test
  void confidenceZero_isTakenAsNotGiven_soACleanCodeCountsAndAMumbleIsAskedAgain() {
    SimulatedCall call = danaAtTheCode();
    String code = helpdesk.codeTextedTo(DANA_MOBILE);

    call.speak("four banana", "0");
    call.speak(words(code, ENGLISH), "0.0");

    assertThat(call.heard())
        .containsSubsequence("Sorry, we did not catch that.", "Thank you, Dana. You are verified.");
  }

  /** Two digits said as a number ("forty seven"), or digit by digit when the first is 0. */
  private static String tens(String pair) {
    int value = Integer.parseInt(pair);
    if (pair.charAt(0) == '0' || value < 20 || value % 10 == 0) {
      return words(pair, ENGLISH);
    }
    List<String> tensWords =
        List.of(
            "", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety");
    return tensWords.get(value / 10) + " " + ENGLISH.get(value % 10);
  }

  @Test
  void spokenWrongCode_usesOneOfTheThreeEntries() {
    SimulatedCall call = danaAtTheCode();
    String code = helpdesk.codeTextedTo(DANA_MOBILE);

    call.speak(words(wrong(code), ENGLISH), "0.9");
    call.press(wrong(code));
    call.speak(words(wrong(code), ENGLISH), "0.9");

    assertThat(call.heard())
        .contains(
            "That code is not right. Tries left: 2.", "That code is not right. Tries left: 1.")
        .anyMatch(said -> said.startsWith("That code is not right, and no tries are left."));
    assertThat(call.legs().get(0).parameters()).containsEntry("badge", "failed");
  }

  @Test
  void lowConfidenceCode_isAskedAgainAndIsNotAWrongEntry() {
    SimulatedCall call = danaAtTheCode();
    String code = helpdesk.codeTextedTo(DANA_MOBILE);

    call.speak(words(code, ENGLISH), "0.21");

    assertThat(call.state()).isEqualTo(SimulatedCall.State.GATHERING);
    assertThat(call.heard()).contains("Sorry, we did not catch that.");
    assertThat(call.gatherAttributes()).containsEntry("input", "dtmf speech");
    call.speak(words(wrong(code), ENGLISH), "0.88");
    assertThat(call.heard()).contains("That code is not right. Tries left: 2.");
  }

  @Test
  void twoUnclearAnswers_fallBackToTheKeypadForThatStep() {
    SimulatedCall call = danaAtTheCode();
    String code = helpdesk.codeTextedTo(DANA_MOBILE);

    call.speak("I don't have it yet", "0.95");
    call.speak("hang on a second", null);

    assertThat(call.heard())
        .containsSubsequence(
            "Sorry, we did not catch that.",
            "Please type the code on your keypad now.",
            "Sorry, we still did not catch that. Please use your keypad instead.",
            "Please type the code on your keypad now.");
    assertThat(call.gatherAttributes()).containsEntry("input", "dtmf").doesNotContainKey("hints");
    call.press(code);
    assertThat(call.heard()).contains("Thank you, Dana. You are verified.");
  }

  @Test
  void keysAndSpeechTogether_theKeysWin() {
    SimulatedCall call = danaAtTheCode();
    String code = helpdesk.codeTextedTo(DANA_MOBILE);
    Map<String, String> params = call.params("in-progress");
    params.put("Digits", code);
    params.put("SpeechResult", words(wrong(code), ENGLISH));
    params.put("Confidence", "0.9");
    String twiml = call.repost(call.gatherAction(), params).body();

    assertThat(twiml).contains("Thank you, Dana. You are verified.");
  }

  @Test
  void spokenIntent_travelsToTheBadgeTheWhisperAndTheAuditTrail() {
    SimulatedCall call = call(DANA_MOBILE, HELPDESK);

    call.speak("Hi, I forgot my password again", "0.87");
    call.press(helpdesk.codeTextedTo(DANA_MOBILE));

    assertThat(call.legs().get(0).parameters())
        .containsEntry("badge", "verified")
        .containsEntry("intent", "password-reset");
    assertThat(call.whisperFor(RANDY_PHONE))
        .singleElement()
        .asString()
        .contains("Calling about: password reset.");
    assertThat(helpdesk.auditKinds(call.sid()))
        .containsSubsequence("caller-identified", "intent-recognised", "verification-started");
    assertThat(auditData(call.sid(), "intent-recognised"))
        .isEqualTo("{\"intent\": \"password-reset\"}");
    assertThat(auditData(call.sid(), "call-routed")).contains("\"intent\": \"password-reset\"");
    assertThat(allAuditData(call.sid())).doesNotContain("forgot");
  }

  @Test
  void mfaIntent_takesTheFlowsBranchForAPhoneChange() {
    SimulatedCall call = call(DANA_MOBILE, HELPDESK);

    call.speak("I got a new phone and my authenticator is gone", "0.9");

    assertThat(call.heard())
        .contains("A change of sign-in phone or MFA needs us to verify you first.");
    call.press(helpdesk.codeTextedTo(DANA_MOBILE));
    assertThat(call.legs().get(0).parameters()).containsEntry("intent", "mfa-reset");
  }

  @Test
  void unclearIntentOrAKey_goesStraightOnToVerification() {
    SimulatedCall mumbled = call(DANA_MOBILE, HELPDESK).speak("mmh", "0.1");
    helpdesk.nextTest();
    SimulatedCall pressed = call(DANA_MOBILE, HELPDESK).press("1");

    assertThat(mumbled.lastHeard()).isEqualTo("Please type the code on your keypad now.");
    assertThat(pressed.lastHeard()).isEqualTo("Please type the code on your keypad now.");
    assertThat(helpdesk.auditKinds(pressed.sid())).doesNotContain("intent-recognised");
  }

  @Test
  void frenchContact_hearsFrenchAndSaysTheCodeInFrench() {
    SimulatedCall call = call(MARIE_MOBILE, HELPDESK);

    assertThat(call.heard())
        .contains(
            "Merci d'avoir appelé le soutien technique de Acme IT. Bonjour Marie, de Ajax Dental.");
    assertThat(call.gatherAttributes()).containsEntry("language", "fr-CA");
    assertThat(call.gatherAttributes().get("hints")).contains("mot de passe");
    call.speak("Mon compte est bloqué", "0.9");
    assertThat(call.lastHeard()).isEqualTo("Veuillez entrer le code sur votre clavier maintenant.");
    assertThat(call.gatherAttributes().get("hints")).contains("quatre");
    call.speak("euh, c'est " + words(helpdesk.codeTextedTo(MARIE_MOBILE), FRENCH), "0.9");

    assertThat(call.heard())
        .contains(
            "Merci, Marie. Votre identité est vérifiée.", "Nous vous transférons à un technicien.");
    assertThat(languageOf(call, "For English, press 9.")).isEqualTo("en-US");
    assertThat(languagesBut(call, "For English, press 9.")).containsOnly("fr-CA");
    assertThat(call.lastReply().body()).contains("voice=\"Polly.Chantal\"");
    assertThat(call.legs().get(0).parameters()).containsEntry("intent", "account-unlock");
  }

  @Test
  void frenchNumber_speaksFrenchToAnEnglishContact() {
    SimulatedCall call = call(DANA_MOBILE, FRENCH_HELPDESK);

    assertThat(call.heard()).anyMatch(said -> said.contains("Bonjour Dana"));
    assertThat(languagesBut(call, "For English, press 9.")).containsOnly("fr-CA");
  }

  @Test
  void nineAtTheIntentQuestion_switchesToFrenchAndAsksAgain() {
    SimulatedCall call = call(DANA_MOBILE, HELPDESK);

    call.press("9");

    assertThat(call.lastHeard()).startsWith("En quelques mots, dites-nous pourquoi vous appelez");
    assertThat(call.gatherAttributes()).containsEntry("language", "fr-CA");
    call.silence();
    assertThat(call.lastHeard()).isEqualTo("Veuillez entrer le code sur votre clavier maintenant.");
  }

  /** The language of the first {@code <Say>} of this text. */
  private static String languageOf(SimulatedCall call, String text) {
    return call.sayLanguages().get(call.heard().indexOf(text));
  }

  /** The languages of every {@code <Say>} but those of this text. */
  private static List<String> languagesBut(SimulatedCall call, String text) {
    List<String> languages = new java.util.ArrayList<>();
    for (int i = 0; i < call.heard().size(); i++) {
      if (!call.heard().get(i).equals(text)) {
        languages.add(call.sayLanguages().get(i));
      }
    }
    return languages;
  }

  private static String auditData(String callSid, String kind) {
    return helpdesk
        .query(
            "select data::text from audit_event where call_sid = $1 and kind = $2",
            Tuple.of(callSid, kind))
        .get(0)
        .getString(0);
  }

  private static String allAuditData(String callSid) {
    return String.join(
        " ",
        helpdesk
            .query("select data::text from audit_event where call_sid = $1", Tuple.of(callSid))
            .stream()
            .map(r -> r.getString(0))
            .toList());
  }
}

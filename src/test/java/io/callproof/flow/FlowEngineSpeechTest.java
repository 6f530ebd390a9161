package io.callproof.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.callproof.speech.IntentCatalog;
import io.callproof.speech.SpeechUnderstanding;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Spoken answers in the engine, understood with the shipped intent catalog and normaliser. */
class FlowEngineSpeechTest {

  private static final Map<String, String> HEARS = Map.of(FlowEngine.SPEECH, "on");

  private static FlowEngine engine;
  private static Flow flow;

  @BeforeAll
  static void load() throws IOException {
    IntentCatalog intents = IntentCatalog.load(Path.of("ivr"), Set.of("en-US", "fr-CA"));
    engine = new FlowEngine(6, 3, new SpeechUnderstanding(intents, 0.5), "en-US");
    flow =
        new FlowLoader(Set.of("why", "code", "link")::contains, "ivr", intents.intents())
            .parse(
                "helpdesk",
                "flows/helpdesk.yaml",
                """
                start: why
                steps:
                  why:
                    do: ask-intent
                    prompt: why
                    next: {password-reset: ask, account-unlock: ask, mfa-reset: ask, other: ask,
                           no-input: ask, unclear: link}
                  ask:
                    do: ask-code
                    prompt: code
                    next: {verified: link, wrong: ask, no-input: ask, failed: link, expired: link}
                  link: {do: route, prompt: link, queue: helpdesk}
                """);
  }

  @Test
  void spokenYesOrOneAtAnOffer_isYes_andMumbleIsAskedAgain() {
    Flow offer =
        new FlowLoader(Set.of("offer", "link")::contains, "ivr")
            .parse(
                "hotline",
                "flows/hotline.yaml",
                """
                start: offer
                steps:
                  offer: {do: offer, prompt: offer, next: {yes: connect, no: bye}}
                  connect: {do: route, prompt: link, queue: helpdesk}
                  bye: {do: hangup}
                """);
    CallState asked = new CallState("hotline", "offer", Map.of(FlowEngine.LANGUAGE, "fr-CA"));

    Turn oui = engine.onCaller(offer, asked, new Input.Spoken("oui, s'il vous plaît", 0.8));
    Turn un = engine.onCaller(offer, asked, new Input.Spoken("un", 0.8));
    Turn non = engine.onCaller(offer, asked, new Input.Spoken("non merci", 0.8));
    Turn hein = engine.onCaller(offer, asked, new Input.Spoken("hein", 0.8));

    assertThat(oui.state().step()).isEqualTo("connect");
    assertThat(un.state().step()).isEqualTo("connect");
    assertThat(non.state().step()).isEqualTo("bye");
    assertThat(hein.state().step()).isEqualTo("offer");
    assertThat(((LineAction.Say) hein.actions().get(0)).prompt())
        .isEqualTo(FlowEngine.NOT_UNDERSTOOD);
  }

  private static CallState at(String step, Map<String, String> facts) {
    return new CallState("helpdesk", step, facts);
  }

  @Test
  void clearSpokenCode_isCheckedExactlyAsTypedDigits() {
    Turn turn =
        engine.onCaller(flow, at("ask", HEARS), new Input.Spoken("four seven one two 9 9", 0.9));

    assertThat(turn.task()).isEqualTo(new Task.CheckCode("471299"));
  }

  @Test
  void unclearSpokenCode_isNoEntry_andTheStepAsksAgainListening() {
    Turn turn = engine.onCaller(flow, at("ask", HEARS), new Input.Spoken("banana", 0.9));

    assertThat(turn.task()).isNull();
    assertThat(turn.actions()).hasSize(2);
    assertThat(turn.actions().get(0)).isInstanceOf(LineAction.Say.class);
    assertThat(((LineAction.Say) turn.actions().get(0)).prompt())
        .isEqualTo(FlowEngine.NOT_UNDERSTOOD);
    LineAction.Gather again = (LineAction.Gather) turn.actions().get(1);
    assertThat(again.speech()).isTrue();
    assertThat(again.hints()).contains("seven");
    assertThat(turn.state().step()).isEqualTo("ask");
  }

  @Test
  void secondUnclearAnswer_leavesTheStepKeypadOnly() {
    CallState once = engine.onCaller(flow, at("ask", HEARS), new Input.Spoken("hmm", 0.9)).state();

    Turn turn = engine.onCaller(flow, once, new Input.Spoken("four seven", 0.2));

    assertThat(((LineAction.Say) turn.actions().get(0)).prompt()).isEqualTo(FlowEngine.KEYPAD_ONLY);
    LineAction.Gather keys = (LineAction.Gather) turn.actions().get(1);
    assertThat(keys.speech()).isFalse();
    assertThat(keys.hints()).isEmpty();
    assertThat(keys.maxDigits()).isEqualTo(6);
  }

  @Test
  void spokenCodeWithoutConfidence_isTakenWhenItReadsCleanly() {
    Turn clean =
        engine.onCaller(
            flow,
            at("ask", HEARS),
            new Input.Spoken("forty seven twelve 99", Input.Spoken.NOT_GIVEN));
    Turn unclean =
        engine.onCaller(
            flow, at("ask", HEARS), new Input.Spoken("forty banana", Input.Spoken.NOT_GIVEN));

    assertThat(clean.task()).isEqualTo(new Task.CheckCode("471299"));
    assertThat(unclean.task()).isNull();
  }

  @Test
  void lineWithoutSpeech_getsKeypadGathersAndSkipsTheIntentQuestion() {
    Turn turn = engine.start(flow, Map.of());

    LineAction.Gather gather = (LineAction.Gather) turn.actions().get(0);
    assertThat(turn.state().step()).isEqualTo("ask");
    assertThat(gather.speech()).isFalse();
  }

  @Test
  void spokenIntent_isRecordedByATask_andLeadsToItsOutcome() {
    Turn asked = engine.start(flow, HEARS);

    Turn turn = engine.onCaller(flow, asked.state(), new Input.Spoken("I'm locked out", 0.8));

    assertThat(asked.actions().get(0))
        .isEqualTo(
            new LineAction.Say(
                FlowEngine.LANGUAGE_OFFER,
                Map.of(FlowEngine.SPEECH, "on", FlowEngine.LANGUAGE, "fr-CA")));
    assertThat(((LineAction.Gather) asked.actions().get(1)).hints()).contains("locked out");
    assertThat(turn.task()).isEqualTo(new Task.RecordIntent("account-unlock"));
    Turn next =
        engine.onTaskDone(
            flow,
            turn,
            new Input.TaskDone("account-unlock", Map.of(FlowEngine.INTENT, "account-unlock")));
    assertThat(next.state().step()).isEqualTo("ask");
  }

  @Test
  void lowConfidenceIntent_isUnclear_andSilenceIsNoInput() {
    CallState asked = engine.start(flow, HEARS).state();

    Turn mumbled = engine.onCaller(flow, asked, new Input.Spoken("password", 0.3));
    Turn silent = engine.onCaller(flow, asked, new Input.Spoken(" ", Input.Spoken.NOT_GIVEN));

    assertThat(mumbled.state().step()).isEqualTo("link");
    assertThat(silent.state().step()).isEqualTo("ask");
  }

  @Test
  void nineAtTheIntentQuestion_switchesToFrenchAndAsksAgainInFrench() {
    CallState asked = engine.start(flow, HEARS).state();

    Turn turn = engine.onCaller(flow, asked, new Input.Digits("9"));

    assertThat(turn.state().facts()).containsEntry(FlowEngine.LANGUAGE, "fr-CA");
    LineAction.Gather again = (LineAction.Gather) turn.actions().get(1);
    assertThat(again.locale()).isEqualTo("fr-CA");
    assertThat(((LineAction.Say) turn.actions().get(0)).params())
        .containsEntry(FlowEngine.LANGUAGE, "en-US");
    assertThat(again.hints()).contains("mot de passe");
    assertThat(turn.state().step()).isEqualTo("why");
  }
}

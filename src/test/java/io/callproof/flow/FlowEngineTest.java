package io.callproof.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FlowEngineTest {

  private final Flow flow =
      new FlowLoader(Set.of("hi", "code", "wrong", "ok", "link")::contains, "ivr")
          .parse(
              "helpdesk",
              "flows/helpdesk.yaml",
              """
          start: who
          steps:
            who:
              do: identify-caller
              next: {contact: hi, unknown: link, withheld: link, shared: link}
            hi: {do: say, prompt: hi, next: send}
            send: {do: send-code, next: {sent: ask, unavailable: link}}
            ask:
              do: ask-code
              prompt: code
              next: {verified: ok, wrong: again, no-input: ask, failed: link, expired: link}
            again: {do: say, prompt: wrong, next: ask}
            ok: {do: say, prompt: ok, next: link}
            link: {do: route, prompt: link, queue: helpdesk}
          """);
  private final FlowEngine engine = new FlowEngine(6, 3);

  @Test
  void start_asksForTheCallerFirst() {
    Turn turn = engine.start(flow, Map.of("msp", "Acme"));

    assertThat(turn.task()).isInstanceOf(Task.IdentifyCaller.class);
    assertThat(turn.actions()).isEmpty();
    assertThat(turn.state().facts()).containsEntry("msp", "Acme");
  }

  @Test
  void contact_isGreetedThenSentACodeThenAsked() {
    Turn turn =
        engine.onTaskDone(
            flow,
            engine.start(flow, Map.of()),
            new Input.TaskDone("contact", Map.of("firstName", "Dana")));

    assertThat(turn.task()).isInstanceOf(Task.SendCode.class);
    turn = engine.onTaskDone(flow, turn, new Input.TaskDone("sent"));

    assertThat(turn.actions())
        .containsExactly(
            new LineAction.Say("hi", Map.of("firstName", "Dana")),
            new LineAction.Gather("code", Map.of("firstName", "Dana"), 6));
    assertThat(turn.state().step()).isEqualTo("ask");
    assertThat(turn.isFinal()).isFalse();
  }

  @Test
  void digits_becomeACodeCheck_andWrongLoopsBack() {
    CallState waiting = new CallState("helpdesk", "ask", Map.of());

    Turn check = engine.onCaller(flow, waiting, new Input.Digits("123456"));
    Turn after = engine.onTaskDone(flow, check, new Input.TaskDone("wrong"));

    assertThat(check.task()).isEqualTo(new Task.CheckCode("123456"));
    assertThat(after.actions())
        .extracting(a -> a.getClass().getSimpleName())
        .containsExactly("Say", "Gather");
    assertThat(after.state().step()).isEqualTo("ask");
  }

  @Test
  void silence_becomesNoCodeEntered() {
    Turn turn =
        engine.onCaller(flow, new CallState("helpdesk", "ask", Map.of()), new Input.NoInput());

    assertThat(turn.task()).isInstanceOf(Task.NoCodeEntered.class);
  }

  @Test
  void unknownCaller_isRoutedWithThePromptFirst() {
    Turn turn =
        engine.onTaskDone(flow, engine.start(flow, Map.of()), new Input.TaskDone("unknown"));

    assertThat(turn.actions())
        .containsExactly(new LineAction.Say("link", Map.of()), new LineAction.Connect("helpdesk"));
    assertThat(turn.isFinal()).isTrue();
  }

  @Test
  void callerInput_atAStepThatDoesNotWait_isRefused() {
    assertThatThrownBy(
            () ->
                engine.onCaller(
                    flow, new CallState("helpdesk", "link", Map.of()), new Input.Digits("1")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("step 'link' does not wait for the caller");
  }

  @Test
  void sameStateAndInput_giveSameTurn() {
    CallState waiting = new CallState("helpdesk", "ask", Map.of("x", "y"));

    assertThat(engine.onCaller(flow, waiting, new Input.Digits("1")))
        .isEqualTo(engine.onCaller(flow, waiting, new Input.Digits("1")));
  }
}

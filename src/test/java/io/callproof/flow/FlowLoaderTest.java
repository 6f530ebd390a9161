package io.callproof.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FlowLoaderTest {

  private final FlowLoader loader =
      new FlowLoader(Set.of("hello", "enter-code", "bye")::contains, "ivr/en-US.yaml");

  private FlowError problemsOf(String yaml) {
    return (FlowError)
        org.assertj.core.api.Assertions.catchThrowable(
            () -> loader.parse("f", "flows/f.yaml", yaml));
  }

  @Test
  void shippedFlows_loadWithTheShippedCatalog() throws Exception {
    var prompts =
        io.callproof.ivr.PromptCatalog.load(
            Path.of("ivr"), "en-US", io.callproof.app.TestAccess.promptParameters());

    var intents = io.callproof.speech.IntentCatalog.load(Path.of("ivr"), Set.of("en-US", "fr-CA"));

    Map<String, Flow> flows =
        new FlowLoader(prompts::hasVoice, prompts.source(), intents.intents())
            .loadFolder(Path.of("flows"));

    assertThat(flows).containsKeys("helpdesk", "hotline");
    assertThat(flows.get("helpdesk").start()).isEqualTo("identify");
    assertThat(flows.get("helpdesk").steps().get("why").next())
        .containsEntry("mfa-reset", "mfa-notice")
        .containsEntry("no-input", "verify");
  }

  @Test
  void askIntent_withoutAnOutcomeForAnIntent_namesTheIntentToAdd() {
    FlowLoader withIntents =
        new FlowLoader(
            Set.of("hello", "bye")::contains,
            "ivr/en-US.yaml",
            Set.of("password-reset", "mfa-reset", "other"));

    Throwable error =
        org.assertj.core.api.Assertions.catchThrowable(
            () ->
                withIntents.parse(
                    "f",
                    "flows/f.yaml",
                    """
                    start: why
                    steps:
                      why:
                        do: ask-intent
                        prompt: hello
                        next: {password-reset: bye, other: bye, no-input: bye, unclear: bye,
                               unlock: bye}
                      bye: {do: hangup}
                    """));

    assertThat(((FlowError) error).problems())
        .containsExactly(
            "flows/f.yaml: step 'why': unknown outcome 'unlock' (expected one of: mfa-reset,"
                + " other, password-reset, no-input, unclear)",
            "flows/f.yaml: step 'why': outcome 'mfa-reset' has no next step (add 'mfa-reset:"
                + " <step>' under 'next')");
  }

  @Test
  void unknownOutcome_namesFileStepAndExpectedOutcomes() {
    FlowError error =
        problemsOf(
            """
        start: ask
        steps:
          ask:
            do: ask-code
            prompt: enter-code
            next: {verfy: bye, verified: bye, wrong: ask, no-input: ask, failed: bye,
                   expired: bye}
          bye: {do: hangup}
        """);

    assertThat(error.problems())
        .containsExactly(
            "flows/f.yaml: step 'ask': unknown outcome"
                + " 'verfy' (expected one of: verified, wrong, no-input, failed, expired)");
  }

  @Test
  void missingOutcome_saysWhatToAdd() {
    FlowError error =
        problemsOf(
            """
        start: ask
        steps:
          ask:
            do: ask-code
            prompt: enter-code
            next: {verified: bye, wrong: ask, no-input: ask, failed: bye}
          bye: {do: hangup}
        """);

    assertThat(error.problems())
        .containsExactly(
            "flows/f.yaml: step 'ask': outcome 'expired'"
                + " has no next step (add 'expired: <step>' under 'next')");
  }

  @Test
  void unknownStep_unknownKind_missingPrompt_areAllReported() {
    FlowError error =
        problemsOf(
            """
        start: greet
        steps:
          greet: {do: say, prompt: helo, next: route}
          route: {do: rout, queue: helpdesk}
        """);

    assertThat(error.problems())
        .containsExactly(
            "flows/f.yaml: step 'greet': missing prompt 'helo' (add it to ivr/en-US.yaml or fix the"
                + " name)",
            "flows/f.yaml: step 'route': unknown kind 'do: rout' (expected one of: identify-caller,"
                + " identify-self, start-verification, send-code, ask-code, wait-approval,"
                + " check-recent-calls, ask-technician-id, ask-intent, offer,"
                + " report-impersonation, say, route,"
                + " hangup)");
  }

  @Test
  void routeTo_acceptsOnlyTheLastCaller_andOnlyOnARoute() {
    FlowError error =
        problemsOf(
            """
        start: greet
        steps:
          greet: {do: say, prompt: hello, to: last-caller, next: route}
          route: {do: route, queue: helpdesk, to: randy}
        """);

    assertThat(error.problems())
        .containsExactly(
            "flows/f.yaml: step 'greet': only a route step takes 'to'; remove it",
            "flows/f.yaml: step 'route': unknown 'to: randy' (expected last-caller)");
  }

  @Test
  void linkToMissingStep_isReported() {
    FlowError error =
        problemsOf(
            """
        start: greet
        steps:
          greet: {do: say, prompt: hello, next: to-tech}
        """);

    assertThat(error.getMessage())
        .isEqualTo(
            "flows/f.yaml: step 'greet': outcome 'done' leads"
                + " to unknown step 'to-tech' (expected one of: greet)");
  }

  @Test
  void unreachableStep_isReported() {
    FlowError error =
        problemsOf(
            """
        start: greet
        steps:
          greet: {do: say, prompt: hello, next: bye}
          bye: {do: hangup}
          orphan: {do: hangup}
        """);

    assertThat(error.getMessage())
        .isEqualTo(
            "flows/f.yaml: step 'orphan' is never reached from"
                + " 'greet' (lead an outcome to it, or remove it)");
  }

  @Test
  void loopWithoutWaiting_isReported() {
    FlowError error =
        problemsOf(
            """
        start: a
        steps:
          a: {do: say, prompt: hello, next: b}
          b: {do: say, prompt: bye, next: a}
        """);

    assertThat(error.getMessage()).contains("loop a -> b -> a never waits for the caller");
  }

  @Test
  void unknownKeyAndMissingStart_areReported() {
    FlowError error =
        problemsOf(
            """
        steps:
          a: {do: hangup, promt: bye}
        """);

    assertThat(error.problems())
        .contains(
            "flows/f.yaml: step 'a': unknown key 'promt' (expected one of: do, next, prompt,"
                + " queue, to)",
            "flows/f.yaml: no start step (add 'start: <step>' naming the first step)");
  }

  @Test
  void brokenYaml_isReportedWithFile() {
    assertThatThrownBy(() -> loader.parse("f", "flows/f.yaml", "start: [a\nsteps"))
        .isInstanceOf(FlowError.class)
        .hasMessageStartingWith("flows/f.yaml: not valid YAML");
  }

  @Test
  void routeWithoutQueue_isReported() {
    FlowError error =
        problemsOf(
            """
        start: r
        steps:
          r: {do: route}
        """);

    assertThat(error.getMessage())
        .isEqualTo(
            "flows/f.yaml: step 'r': a route step needs"
                + " 'queue: <name>' (such as 'queue: helpdesk')");
  }
}

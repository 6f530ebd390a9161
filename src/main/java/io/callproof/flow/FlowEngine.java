package io.callproof.flow;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Moves a call through its flow. Pure: it reads nothing and writes nothing, so the same state and
 * input always give the same turn, whichever telephony carries the call.
 */
public final class FlowEngine {

  /** A validated flow reaches a waiting step long before this; more means a loop of says. */
  private static final int MAX_MOVES_PER_TURN = 64;

  /** The longest employee number or direct phone number a caller may key in. */
  static final int SELF_ID_DIGITS = 15;

  /** The longest technician ID a caller may key in. */
  static final int TECHNICIAN_ID_DIGITS = 10;

  /** The fact holding the call's locale ({@code en-US}, {@code fr-CA}); absent: the default. */
  public static final String LANGUAGE = "language";

  /** The fact that says, as {@code on}, that the call's line can hear speech. */
  public static final String SPEECH = "speech";

  /** The fact holding the intent the caller said. */
  public static final String INTENT = "intent";

  /** Spoken when an answer was not made out, before the step asks again. */
  public static final String NOT_UNDERSTOOD = "not-understood";

  /** Spoken after the last unclear answer a step allows, before it asks for keys only. */
  public static final String KEYPAD_ONLY = "keypad-only";

  /**
   * Spoken before the intent question in the other language, by its voice: how to switch to it
   * ("Pour le français, appuyez sur le 9.").
   */
  public static final String LANGUAGE_OFFER = "language-offer";

  /** The prompts the engine speaks by itself; every catalog must have them. */
  public static final Set<String> OWN_PROMPTS = Set.of(NOT_UNDERSTOOD, KEYPAD_ONLY, LANGUAGE_OFFER);

  /** Unclear spoken answers a step takes before it listens for keys only. */
  static final int UNCLEAR_ANSWERS = 2;

  /** The key that switches an {@code ask-intent} step to the other language. */
  static final String LANGUAGE_KEY = "9";

  private static final Map<String, String> OTHER_LANGUAGE =
      Map.of("en-US", "fr-CA", "fr-CA", "en-US");

  private final int codeLength;
  private final int holdSeconds;
  private final Understanding understanding;
  private final String defaultLocale;

  /**
   * A keypad-only engine in en-US: spoken answers are all unclear.
   *
   * @param codeLength how many digits a code has, so that the keypad stops collecting on the last
   * @param holdSeconds how long one hold segment lasts while a push approval is awaited
   */
  public FlowEngine(int codeLength, int holdSeconds) {
    this(codeLength, holdSeconds, Understanding.NONE, "en-US");
  }

  /**
   * @param codeLength how many digits a code has, so that the keypad stops collecting on the last
   * @param holdSeconds how long one hold segment lasts while a push approval is awaited
   * @param understanding makes digits and intents of spoken answers
   * @param defaultLocale the locale of a call whose facts name none
   */
  public FlowEngine(
      int codeLength, int holdSeconds, Understanding understanding, String defaultLocale) {
    this.codeLength = codeLength;
    this.holdSeconds = holdSeconds;
    this.understanding = understanding;
    this.defaultLocale = defaultLocale;
  }

  /** Starts a new call at the flow's first step, with the facts known when the call came in. */
  public Turn start(Flow flow, Map<String, String> facts) {
    CallState state = new CallState(flow.name(), flow.start(), facts);
    return enter(flow, new Turn(state, List.of(), null), flow.start());
  }

  /** Goes on with a turn whose task has finished, following the task's outcome. */
  public Turn onTaskDone(Flow flow, Turn pending, Input.TaskDone done) {
    if (!pending.needsTask()) {
      throw new IllegalStateException(
          "no task is pending at step '" + pending.state().step() + "'");
    }
    Step step = flow.step(pending.state().step());
    CallState state = pending.state().with(done.facts());
    if (step.kind() == StepKind.WAIT_APPROVAL && "waiting".equals(done.outcome())) {
      return new Turn(state, pending.actions(), null).plus(new LineAction.Hold(holdSeconds));
    }
    return enter(flow, new Turn(state, pending.actions(), null), step.nextFor(done.outcome()));
  }

  /**
   * Starts the next turn of a call that waits for the caller, with what the caller did.
   *
   * @throws IllegalStateException when the call's step does not wait for the caller
   */
  public Turn onCaller(Flow flow, CallState state, Input input) {
    Step step = flow.step(state.step());
    if (!step.kind().waits()) {
      throw new IllegalStateException("step '" + step.name() + "' does not wait for the caller");
    }
    if (input instanceof Input.TaskDone) {
      throw new IllegalArgumentException("a task result is not caller input: " + input);
    }
    if (input instanceof Input.Spoken spoken && spoken.transcript().isBlank()) {
      input = new Input.NoInput();
    }
    if (step.kind() == StepKind.ASK_INTENT) {
      return onIntent(flow, state, step, input);
    }
    if (input instanceof Input.Spoken spoken) {
      Optional<String> keys = keysFor(step, spoken, locale(state.facts()));
      if (keys.isEmpty()) {
        return unclear(flow, state, step);
      }
      input = new Input.Digits(keys.get());
    }
    String digits = input instanceof Input.Digits d ? d.digits() : null;
    Task task;
    switch (step.kind()) {
      case OFFER:
        String answer = "1".equals(digits) ? "yes" : "no";
        return enter(flow, new Turn(state, List.of(), null), step.nextFor(answer));
      case ASK_TECHNICIAN_ID:
        if (digits == null) {
          return enter(flow, new Turn(state, List.of(), null), step.nextFor("no-input"));
        }
        task = new Task.CheckTechnician(digits);
        break;
      case IDENTIFY_SELF:
        if (digits == null) {
          return enter(flow, new Turn(state, List.of(), null), step.nextFor("no-input"));
        }
        task = new Task.IdentifySelf(digits);
        break;
      case WAIT_APPROVAL:
        task = new Task.CheckApproval(digits != null && digits.contains("*"));
        break;
      default:
        task = digits == null ? new Task.NoCodeEntered() : new Task.CheckCode(digits);
        break;
    }
    return new Turn(state, List.of(), task);
  }

  private Turn onIntent(Flow flow, CallState state, Step step, Input input) {
    if (input instanceof Input.Digits d && LANGUAGE_KEY.equals(d.digits())) {
      String other = OTHER_LANGUAGE.getOrDefault(locale(state.facts()), defaultLocale);
      CallState switched = state.with(Map.of(LANGUAGE, other));
      return enter(flow, new Turn(switched, List.of(), null), step.name());
    }
    if (input instanceof Input.Spoken spoken) {
      Optional<String> intent = understanding.intent(spoken, locale(state.facts()));
      return intent.isEmpty()
          ? enter(flow, new Turn(state, List.of(), null), step.nextFor("unclear"))
          : new Turn(state, List.of(), new Task.RecordIntent(intent.get()));
    }
    return enter(flow, new Turn(state, List.of(), null), step.nextFor("no-input"));
  }

  /**
   * The keys a clear spoken answer stands for: its digits, exactly as if typed; at an offer, a
   * spoken yes is 1 and a no 0.
   */
  private Optional<String> keysFor(Step step, Input.Spoken spoken, String locale) {
    if (step.kind() == StepKind.OFFER) {
      Optional<Boolean> yes = understanding.yes(spoken, locale);
      if (yes.isPresent()) {
        return Optional.of(yes.get() ? "1" : "0");
      }
    }
    return understanding.digits(spoken, locale);
  }

  /**
   * A spoken answer that was not made out: not an entry of any kind. The step asks again, with
   * speech while it has had fewer than {@link #UNCLEAR_ANSWERS} unclear answers, then keys only.
   */
  private Turn unclear(Flow flow, CallState state, Step step) {
    int count = unclearCount(state.facts(), step) + 1;
    CallState counted = state.with(Map.of(unclearKey(step), Integer.toString(count)));
    String prompt = count >= UNCLEAR_ANSWERS ? KEYPAD_ONLY : NOT_UNDERSTOOD;
    Turn said =
        new Turn(counted, List.of(), null).plus(new LineAction.Say(prompt, counted.facts()));
    return enter(flow, said, step.name());
  }

  private static String unclearKey(Step step) {
    return "unclear-" + step.name();
  }

  private static int unclearCount(Map<String, String> facts, Step step) {
    String count = facts.get(unclearKey(step));
    return count == null ? 0 : Integer.parseInt(count);
  }

  /** The offer of the other language, in that language's catalog and voice. */
  private LineAction.Say languageOffer(Map<String, String> facts) {
    String other = OTHER_LANGUAGE.getOrDefault(locale(facts), defaultLocale);
    Map<String, String> inOther = new HashMap<>(facts);
    inOther.put(LANGUAGE, other);
    return new LineAction.Say(LANGUAGE_OFFER, inOther);
  }

  private String locale(Map<String, String> facts) {
    return facts.getOrDefault(LANGUAGE, defaultLocale);
  }

  /** A gather that also listens, when the line can hear and the step has not given up on it. */
  private LineAction.Gather gather(Step step, Map<String, String> facts, int maxDigits) {
    boolean speech = "on".equals(facts.get(SPEECH)) && unclearCount(facts, step) < UNCLEAR_ANSWERS;
    String locale = locale(facts);
    List<String> hints =
        !speech
            ? List.of()
            : step.kind() == StepKind.ASK_INTENT
                ? understanding.intentHints(locale)
                : understanding.digitHints(locale);
    return new LineAction.Gather(
        step.prompt(), facts, maxDigits, speech, hints, facts.get(LANGUAGE));
  }

  /** The turn with the step's prompt said, for a step whose prompt is optional. */
  private static Turn spoken(Turn turn, Step step) {
    return step.prompt() == null
        ? turn
        : turn.plus(new LineAction.Say(step.prompt(), turn.state().facts()));
  }

  private Turn enter(Flow flow, Turn turn, String firstStep) {
    String stepName = firstStep;
    for (int moves = 0; moves < MAX_MOVES_PER_TURN; moves++) {
      Step step = flow.step(stepName);
      CallState state = turn.state().at(stepName);
      Map<String, String> facts = state.facts();
      turn = new Turn(state, turn.actions(), null);
      switch (step.kind()) {
        case IDENTIFY_CALLER:
          return new Turn(state, turn.actions(), new Task.IdentifyCaller());
        case START_VERIFICATION:
          return new Turn(state, turn.actions(), new Task.StartVerification());
        case SEND_CODE:
          return new Turn(state, turn.actions(), new Task.SendCode());
        case CHECK_RECENT_CALLS:
          return new Turn(state, turn.actions(), new Task.CheckRecentCalls());
        case REPORT_IMPERSONATION:
          return new Turn(
              state,
              turn.actions(),
              new Task.ReportImpersonation(facts.getOrDefault("checkResult", "no-recent-call")));
        case ASK_TECHNICIAN_ID:
          return turn.plus(gather(step, facts, TECHNICIAN_ID_DIGITS));
        case OFFER:
          return turn.plus(languageOffer(facts)).plus(gather(step, facts, 1));
        case ASK_CODE:
          return turn.plus(gather(step, facts, codeLength));
        case IDENTIFY_SELF:
          return turn.plus(gather(step, facts, SELF_ID_DIGITS));
        case ASK_INTENT:
          if (!"on".equals(facts.get(SPEECH))) {
            stepName = step.nextFor("no-input");
            break;
          }
          return turn.plus(languageOffer(facts)).plus(gather(step, facts, 1));
        case WAIT_APPROVAL:
          return spoken(turn, step).plus(new LineAction.Hold(holdSeconds));
        case SAY:
          turn = turn.plus(new LineAction.Say(step.prompt(), facts));
          stepName = step.nextFor("done");
          break;
        case ROUTE:
          String technician = step.to() == null ? null : facts.get("technicianId");
          return spoken(turn, step).plus(new LineAction.Connect(step.queue(), technician));
        case HANGUP:
          return spoken(turn, step).plus(new LineAction.Hangup());
        default:
          throw new IllegalStateException("unhandled step kind " + step.kind());
      }
    }
    throw new IllegalStateException(
        "flow '" + flow.name() + "' made " + MAX_MOVES_PER_TURN + " moves without waiting");
  }
}

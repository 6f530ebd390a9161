package io.callproof.flow;

import java.util.List;
import java.util.Map;

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

  private final int codeLength;
  private final int holdSeconds;

  /**
   * @param codeLength how many digits a code has, so that the keypad stops collecting on the last
   * @param holdSeconds how long one hold segment lasts while a push approval is awaited
   */
  public FlowEngine(int codeLength, int holdSeconds) {
    this.codeLength = codeLength;
    this.holdSeconds = holdSeconds;
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
          return turn.plus(new LineAction.Gather(step.prompt(), facts, TECHNICIAN_ID_DIGITS));
        case OFFER:
          return turn.plus(new LineAction.Gather(step.prompt(), facts, 1));
        case ASK_CODE:
          return turn.plus(new LineAction.Gather(step.prompt(), facts, codeLength));
        case IDENTIFY_SELF:
          return turn.plus(new LineAction.Gather(step.prompt(), facts, SELF_ID_DIGITS));
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

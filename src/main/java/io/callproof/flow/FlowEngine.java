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

  private final int codeLength;

  /**
   * @param codeLength how many digits a code has, so that the keypad stops collecting on the last
   */
  public FlowEngine(int codeLength) {
    this.codeLength = codeLength;
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
    return enter(flow, new Turn(state, pending.actions(), null), step.nextFor(done.outcome()));
  }

  /**
   * Starts the next turn of a call that waits for the caller, with what the caller did.
   *
   * @throws IllegalStateException when the call's step does not wait for the caller
   */
  public Turn onCaller(Flow flow, CallState state, Input input) {
    Step step = flow.step(state.step());
    if (step.kind() != StepKind.ASK_CODE) {
      throw new IllegalStateException("step '" + step.name() + "' does not wait for the caller");
    }
    Task task;
    if (input instanceof Input.Digits digits) {
      task = new Task.CheckCode(digits.digits());
    } else if (input instanceof Input.NoInput) {
      task = new Task.NoCodeEntered();
    } else {
      throw new IllegalArgumentException("a task result is not caller input: " + input);
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
        case SEND_CODE:
          return new Turn(state, turn.actions(), new Task.SendCode());
        case ASK_CODE:
          return turn.plus(new LineAction.Gather(step.prompt(), facts, codeLength));
        case SAY:
          turn = turn.plus(new LineAction.Say(step.prompt(), facts));
          stepName = step.nextFor("done");
          break;
        case ROUTE:
          return spoken(turn, step).plus(new LineAction.Connect(step.queue()));
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

package io.callproof.flow;

import java.util.ArrayList;
import java.util.List;

/**
 * The engine's answer: the call's new state, and either a task to run before it can go on, or the
 * actions that complete what the line must do now.
 *
 * @param state the call's state after this move
 * @param actions what the line must do, in order; ends with a waiting or final action unless {@code
 *     task} is set
 * @param task work to run and report back with {@link Input.TaskDone}, or {@code null}
 */
public record Turn(CallState state, List<LineAction> actions, Task task) {

  public Turn {
    actions = List.copyOf(actions);
  }

  /** Whether the engine waits for a task's outcome before the line can be answered. */
  public boolean needsTask() {
    return task != null;
  }

  /** Whether the flow has finished: the last action connects or hangs up. */
  public boolean isFinal() {
    if (task != null || actions.isEmpty()) {
      return false;
    }
    LineAction last = actions.get(actions.size() - 1);
    return last instanceof LineAction.Connect || last instanceof LineAction.Hangup;
  }

  Turn plus(LineAction action) {
    List<LineAction> more = new ArrayList<>(actions);
    more.add(action);
    return new Turn(state, more, null);
  }
}

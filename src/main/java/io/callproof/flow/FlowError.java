package io.callproof.flow;

import java.util.List;

/** One or more mistakes in flow files, each naming the file, the step and the fix. */
public final class FlowError extends RuntimeException {

  private final List<String> problems;

  FlowError(List<String> problems) {
    super(String.join("\n", problems));
    this.problems = List.copyOf(problems);
  }

  /** Every mistake found, one line each, in file order. */
  public List<String> problems() {
    return problems;
  }
}

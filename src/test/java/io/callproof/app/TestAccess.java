package io.callproof.app;

import java.util.Set;

/** Lets tests in other packages reach package-private facts of the wiring. */
public final class TestAccess {

  private TestAccess() {}

  /** The parameters prompts may use. */
  public static Set<String> promptParameters() {
    return Callproof.PROMPT_PARAMETERS;
  }
}

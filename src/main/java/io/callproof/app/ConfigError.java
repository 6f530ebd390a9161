package io.callproof.app;

import java.util.List;

/** Settings that stop the start, each naming the setting, its value and what is expected. */
public final class ConfigError extends RuntimeException {

  ConfigError(List<String> problems) {
    super(String.join("\n", problems));
  }
}

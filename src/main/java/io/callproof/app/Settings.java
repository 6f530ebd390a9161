package io.callproof.app;

import io.callproof.asterisk.AsteriskOptions;
import io.callproof.crypto.Key;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Every setting of the service, read from the environment and, where {@code CALLPROOF_CONFIG} names
 * one, a properties file (the environment wins). A bad value stops the start with a message naming
 * the setting, the value and what is expected; all bad values are reported together. Secrets are
 * never echoed.
 */
public record Settings(
    Mode mode,
    String httpHost,
    int httpPort,
    Optional<URI> publicUrl,
    Optional<String> databaseUrl,
    Optional<String> databaseOwnerUrl,
    int databasePoolSize,
    Path dataFolder,
    Path flowsFolder,
    Path ivrFolder,
    String locale,
    Optional<Path> demoData,
    URI twilioApiBase,
    Optional<TwilioAccount> demoTwilioAccount,
    int codeLength,
    Duration codeLifetime,
    int maxWrongEntries,
    int maxSilences,
    int contactSendLimit,
    Duration contactSendWindow,
    Duration trustWindow,
    int dialTimeoutSeconds,
    int gatherTimeoutSeconds,
    Optional<Key> installationKey,
    Optional<Key> codeKey,
    Optional<AsteriskOptions> asterisk,
    String ttsCommand) {

  /** Demo runs with an embedded database and a development outbox; production refuses both. */
  public enum Mode {
    DEMO,
    PRODUCTION
  }

  /** A Twilio account given in settings, for trying demo data on a real number. */
  public record TwilioAccount(String accountSid, String authToken, String from) {
    @Override
    public String toString() {
      return "TwilioAccount[" + accountSid + ", from " + from + "]";
    }
  }

  /** Reads the settings from this process's environment. */
  public static Settings fromEnvironment() {
    return from(System.getenv());
  }

  /** Reads the settings from {@code env}, and from the file it names in CALLPROOF_CONFIG. */
  public static Settings from(Map<String, String> env) {
    Map<String, String> values = new HashMap<>();
    List<String> problems = new ArrayList<>();
    String file = env.get("CALLPROOF_CONFIG");
    if (file != null && !file.isBlank()) {
      readFile(Path.of(file), values, problems);
    }
    env.forEach(
        (k, v) -> {
          if (k.startsWith("CALLPROOF_")) {
            values.put(k, v);
          }
        });
    Reader reader = new Reader(values, problems);
    Settings settings = reader.settings();
    if (!problems.isEmpty()) {
      throw new ConfigError(problems);
    }
    return settings;
  }

  private static void readFile(Path file, Map<String, String> values, List<String> problems) {
    Properties props = new Properties();
    try (java.io.Reader in = Files.newBufferedReader(file)) {
      props.load(in);
      props.forEach((k, v) -> values.put(k.toString(), v.toString().trim()));
    } catch (IOException e) {
      problems.add("CALLPROOF_CONFIG=" + file + ": cannot read it (" + e.getMessage() + ")");
    }
  }

  /** Reads and checks each setting, collecting every problem. */
  private static final class Reader {
    private final Map<String, String> values;
    private final List<String> problems;

    Reader(Map<String, String> values, List<String> problems) {
      this.values = values;
      this.problems = problems;
    }

    Settings settings() {
      Mode mode = mode();
      Optional<String> dbUrl = text("CALLPROOF_DB_URL");
      Optional<Key> installationKey = key("CALLPROOF_INSTALLATION_KEY");
      Optional<Key> codeKey = key("CALLPROOF_CODE_KEY");
      if (mode == Mode.PRODUCTION) {
        require(
            dbUrl,
            "CALLPROOF_DB_URL",
            "a postgresql:// URL (production has no embedded" + " database)");
        require(
            installationKey,
            "CALLPROOF_INSTALLATION_KEY",
            "id:base64 of 32 random bytes, such as k1:$(head -c32 /dev/urandom | base64)");
        require(
            codeKey,
            "CALLPROOF_CODE_KEY",
            "id:base64 of 32 random bytes, like the" + " installation key but different");
      }
      int gatherTimeout = integer("CALLPROOF_GATHER_TIMEOUT_SECONDS", 8, 3, 60);
      return new Settings(
          mode,
          text("CALLPROOF_HTTP_HOST").orElse("0.0.0.0"),
          integer("CALLPROOF_HTTP_PORT", 8080, 0, 65535),
          uri("CALLPROOF_PUBLIC_URL"),
          dbUrl,
          text("CALLPROOF_DB_OWNER_URL"),
          integer("CALLPROOF_DB_POOL_SIZE", 8, 1, 200),
          Path.of(text("CALLPROOF_DATA_DIR").orElse("data")),
          Path.of(text("CALLPROOF_FLOWS_DIR").orElse("flows")),
          Path.of(text("CALLPROOF_IVR_DIR").orElse("ivr")),
          text("CALLPROOF_LOCALE").orElse("en-US"),
          text("CALLPROOF_DEMO_DATA").map(Path::of),
          uri("CALLPROOF_TWILIO_API_BASE").orElse(URI.create("https://api.twilio.com")),
          twilioAccount(),
          integer("CALLPROOF_CODE_LENGTH", 6, 6, 10),
          Duration.ofSeconds(integer("CALLPROOF_CODE_TTL_SECONDS", 300, 30, 600)),
          integer("CALLPROOF_MAX_WRONG_ENTRIES", 3, 1, 3),
          integer("CALLPROOF_MAX_SILENCES", 2, 1, 5),
          integer("CALLPROOF_CONTACT_SEND_LIMIT", 5, 1, 5),
          Duration.ofMinutes(10),
          Duration.ofDays(integer("CALLPROOF_TRUST_WINDOW_DAYS", 7, 0, 365)),
          integer("CALLPROOF_DIAL_TIMEOUT_SECONDS", 30, 5, 600),
          gatherTimeout,
          installationKey,
          codeKey,
          asterisk(gatherTimeout),
          text("CALLPROOF_TTS_COMMAND").orElse("espeak-ng"));
    }

    /** The Asterisk line, when at least one PBX is configured. */
    private Optional<AsteriskOptions> asterisk(int gatherTimeoutSeconds) {
      Map<java.net.InetAddress, String> pbxes = pbxes();
      String agiHost = text("CALLPROOF_AGI_HOST").orElse("0.0.0.0");
      int agiPort = integer("CALLPROOF_AGI_PORT", 4573, 0, 65535);
      int threads = integer("CALLPROOF_AGI_THREADS", 200, 1, 2000);
      int queue = integer("CALLPROOF_AGI_QUEUE", 100, 0, 10000);
      int amiPort = integer("CALLPROOF_AMI_PORT", 5038, 1, 65535);
      String amiUser = text("CALLPROOF_AMI_USERNAME").orElse("callproof");
      Optional<String> amiSecret = text("CALLPROOF_AMI_SECRET");
      String sounds = text("CALLPROOF_ASTERISK_SOUNDS").orElse("callproof");
      if (!sounds.matches("[A-Za-z0-9_./-]+")) {
        problems.add(
            "CALLPROOF_ASTERISK_SOUNDS="
                + sounds
                + ": expected a folder as Playback names it, such as callproof or"
                + " /var/lib/asterisk/sounds/callproof (letters, digits, '.', '_', '-', '/')");
      }
      Optional<Path> rendered = text("CALLPROOF_ASTERISK_RENDERED_DIR").map(Path::of);
      if (pbxes.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(
          new AsteriskOptions(
              pbxes,
              agiHost,
              agiPort,
              threads,
              queue,
              amiPort,
              amiUser,
              amiSecret,
              sounds,
              rendered,
              gatherTimeoutSeconds));
    }

    /** {@code CALLPROOF_ASTERISK_PBXES}: {@code address=tenant} pairs, separated by commas. */
    private Map<java.net.InetAddress, String> pbxes() {
      Map<java.net.InetAddress, String> pbxes = new java.util.LinkedHashMap<>();
      Optional<String> raw = text("CALLPROOF_ASTERISK_PBXES");
      if (raw.isEmpty()) {
        return pbxes;
      }
      String expected =
          ": expected address=tenant pairs separated by commas, such as"
              + " 10.0.0.5=secure-it,10.0.0.6=acme-msp (IP addresses, not host names; each"
              + " address once)";
      for (String pair : raw.get().split(",")) {
        String[] parts = pair.trim().split("=", -1);
        if (parts.length != 2
            || !isIpLiteral(parts[0].trim())
            || !parts[1].trim().matches("[a-z0-9][a-z0-9-]{1,39}")) {
          problems.add("CALLPROOF_ASTERISK_PBXES=" + raw.get() + expected);
          return Map.of();
        }
        try {
          java.net.InetAddress address = java.net.InetAddress.getByName(parts[0].trim());
          if (pbxes.put(address, parts[1].trim()) != null) {
            problems.add("CALLPROOF_ASTERISK_PBXES=" + raw.get() + expected);
            return Map.of();
          }
        } catch (java.net.UnknownHostException e) {
          problems.add("CALLPROOF_ASTERISK_PBXES=" + raw.get() + expected);
          return Map.of();
        }
      }
      return pbxes;
    }

    private static boolean isIpLiteral(String address) {
      return address.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}")
              && java.util.Arrays.stream(address.split("\\."))
                  .allMatch(o -> Integer.parseInt(o) < 256)
          || address.matches("[0-9a-fA-F:]*:[0-9a-fA-F:.]*");
    }

    private Mode mode() {
      String raw = text("CALLPROOF_MODE").orElse("demo");
      switch (raw) {
        case "demo":
          return Mode.DEMO;
        case "production":
          return Mode.PRODUCTION;
        default:
          problems.add("CALLPROOF_MODE=" + raw + ": expected 'demo' or 'production'");
          return Mode.DEMO;
      }
    }

    private Optional<TwilioAccount> twilioAccount() {
      Optional<String> sid = text("CALLPROOF_TWILIO_ACCOUNT_SID");
      Optional<String> token = text("CALLPROOF_TWILIO_AUTH_TOKEN");
      Optional<String> from = text("CALLPROOF_TWILIO_FROM");
      if (sid.isEmpty() && token.isEmpty() && from.isEmpty()) {
        return Optional.empty();
      }
      if (sid.isEmpty() || token.isEmpty() || from.isEmpty()) {
        problems.add(
            "CALLPROOF_TWILIO_ACCOUNT_SID, CALLPROOF_TWILIO_AUTH_TOKEN and"
                + " CALLPROOF_TWILIO_FROM: set all three or none");
        return Optional.empty();
      }
      if (!sid.get().matches("AC[0-9a-fA-F]{32}")) {
        problems.add(
            "CALLPROOF_TWILIO_ACCOUNT_SID="
                + sid.get()
                + ": expected AC followed by 32 hexadecimal digits");
      }
      if (!from.get().matches("\\+[1-9][0-9]{6,14}")) {
        problems.add(
            "CALLPROOF_TWILIO_FROM="
                + from.get()
                + ": expected an E.164 number such as"
                + " +15551234567");
      }
      return Optional.of(new TwilioAccount(sid.get(), token.get(), from.get()));
    }

    private Optional<String> text(String key) {
      String value = values.get(key);
      return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    private int integer(String key, int fallback, int min, int max) {
      Optional<String> raw = text(key);
      if (raw.isEmpty()) {
        return fallback;
      }
      try {
        int value = Integer.parseInt(raw.get());
        if (value < min || value > max) {
          problems.add(
              key + "=" + raw.get() + ": expected a whole number from " + min + " to " + max);
        }
        return value;
      } catch (NumberFormatException e) {
        problems.add(
            key + "=" + raw.get() + ": expected a whole number from " + min + " to " + max);
        return fallback;
      }
    }

    private Optional<URI> uri(String key) {
      Optional<String> raw = text(key);
      if (raw.isEmpty()) {
        return Optional.empty();
      }
      try {
        URI uri = new URI(raw.get().replaceAll("/+$", ""));
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())
            || uri.getHost() == null) {
          throw new IllegalArgumentException();
        }
        return Optional.of(uri);
      } catch (Exception e) {
        problems.add(key + "=" + raw.get() + ": expected an http:// or https:// URL with a host");
        return Optional.empty();
      }
    }

    private Optional<Key> key(String name) {
      Optional<String> raw = text(name);
      if (raw.isEmpty()) {
        return Optional.empty();
      }
      try {
        return Optional.of(Key.parse(raw.get()));
      } catch (IllegalArgumentException e) {
        problems.add(name + "=(hidden): " + e.getMessage());
        return Optional.empty();
      }
    }

    private <T> void require(Optional<T> value, String key, String expected) {
      if (value.isEmpty() && problems.stream().noneMatch(p -> p.startsWith(key + "="))) {
        problems.add(key + " is not set: production needs " + expected);
      }
    }
  }
}

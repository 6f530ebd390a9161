package io.callproof.app;

import io.callproof.asterisk.AsteriskOptions;
import io.callproof.crypto.Key;
import io.callproof.push.VapidKeys;
import io.callproof.speech.google.GoogleSpeechOptions;
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
    Duration approvalLifetime,
    int maxWrongNumbers,
    int callerAttemptLimit,
    int tenantTextLimit,
    int lockAfterFailures,
    List<Duration> lockDurations,
    int holdSeconds,
    Optional<URI> holdAudioUrl,
    List<String> defaultMethods,
    Optional<Smtp> smtp,
    Duration auditSealPeriod,
    Path auditHeadFolder,
    Optional<AdminToken> adminToken,
    Optional<VapidKeys> vapidKeys,
    String vapidSubject,
    Optional<AsteriskOptions> asterisk,
    String ttsCommand,
    Duration recentCallWindow,
    Duration approvalRecheck,
    Speech speech,
    Optional<GoogleSpeechOptions> googleSpeech) {

  /** Demo runs with an embedded database and a development outbox; production refuses both. */
  public enum Mode {
    DEMO,
    PRODUCTION
  }

  /**
   * Spoken answers and languages.
   *
   * @param locales every locale callers may be spoken to in; each has a prompt catalog in the ivr
   *     folder, and the default {@code locale} is one of them
   * @param twilio whether Twilio gathers also listen for speech
   * @param minConfidence the lowest recogniser confidence (0 to 1) at which a spoken answer is
   *     taken; an answer given without a confidence is taken only when it reads cleanly
   * @param twilioSpeechTimeout Twilio's {@code speechTimeout}: {@code auto}, or seconds of silence
   *     that end a spoken answer
   * @param twilioVoices the {@code <Say>} voice of each locale that needs one (Twilio's default
   *     voice speaks no Canadian French), such as {@code fr-CA} to {@code Polly.Chantal}
   */
  public record Speech(
      List<String> locales,
      boolean twilio,
      double minConfidence,
      String twilioSpeechTimeout,
      Map<String, String> twilioVoices) {
    public Speech {
      locales = List.copyOf(locales);
      twilioVoices = Map.copyOf(twilioVoices);
    }
  }

  /** A Twilio account given in settings, for trying demo data on a real number. */
  public record TwilioAccount(String accountSid, String authToken, String from) {
    @Override
    public String toString() {
      return "TwilioAccount[" + accountSid + ", from " + from + "]";
    }
  }

  /**
   * An SMTP server for email codes.
   *
   * @param host the server
   * @param port its port
   * @param username the account, or {@code null} for none
   * @param password the account's password, or {@code null}
   * @param from the sender address
   * @param startTls {@code required}, {@code optional} or {@code disabled}
   */
  public record Smtp(
      String host, int port, String username, String password, String from, String startTls) {
    @Override
    public String toString() {
      return "Smtp[" + host + ":" + port + ", from " + from + "]";
    }
  }

  /** The token that opens the audit API; it is never printed. */
  public record AdminToken(String value) {
    @Override
    public String toString() {
      return "AdminToken[hidden]";
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
      Optional<VapidKeys> vapid = vapidKeys();
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
            vapid,
            "CALLPROOF_VAPID_PUBLIC_KEY",
            "the Web Push key pair (CALLPROOF_VAPID_PUBLIC_KEY and CALLPROOF_VAPID_PRIVATE_KEY);"
                + " make one with: java -jar callproof.jar vapid-keys");
        require(
            codeKey,
            "CALLPROOF_CODE_KEY",
            "id:base64 of 32 random bytes, like the" + " installation key but different");
      }
      Path dataFolder = Path.of(text("CALLPROOF_DATA_DIR").orElse("data"));
      int gatherTimeout = integer("CALLPROOF_GATHER_TIMEOUT_SECONDS", 8, 3, 60);
      return new Settings(
          mode,
          text("CALLPROOF_HTTP_HOST").orElse("0.0.0.0"),
          integer("CALLPROOF_HTTP_PORT", 8080, 0, 65535),
          uri("CALLPROOF_PUBLIC_URL"),
          dbUrl,
          text("CALLPROOF_DB_OWNER_URL"),
          integer("CALLPROOF_DB_POOL_SIZE", 8, 1, 200),
          dataFolder,
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
          Duration.ofSeconds(integer("CALLPROOF_APPROVAL_TTL_SECONDS", 120, 30, 600)),
          integer("CALLPROOF_MAX_WRONG_NUMBERS", 2, 1, 2),
          integer("CALLPROOF_CALLER_ATTEMPT_LIMIT", 10, 1, 10),
          integer("CALLPROOF_TENANT_TEXT_LIMIT", 500, 1, 100_000),
          integer("CALLPROOF_LOCK_AFTER_FAILURES", 3, 1, 3),
          lockDurations(),
          integer("CALLPROOF_HOLD_SECONDS", 3, 1, 10),
          uri("CALLPROOF_HOLD_AUDIO_URL"),
          methods(),
          smtp(),
          Duration.ofSeconds(integer("CALLPROOF_AUDIT_SEAL_SECONDS", 5, 1, 3600)),
          text("CALLPROOF_AUDIT_HEAD_DIR").map(Path::of).orElse(dataFolder.resolve("audit-heads")),
          adminToken(),
          vapid,
          vapidSubject(),
          asterisk(gatherTimeout),
          text("CALLPROOF_TTS_COMMAND").orElse("espeak-ng"),
          Duration.ofHours(integer("CALLPROOF_RECENT_CALL_HOURS", 24, 1, 168)),
          Duration.ofSeconds(integer("CALLPROOF_APPROVAL_RECHECK_SECONDS", 10, 1, 120)),
          speech(text("CALLPROOF_LOCALE").orElse("en-US")),
          googleSpeech());
    }

    /**
     * Google Cloud Speech, for spoken answers on Asterisk lines; off unless an endpoint or a
     * credentials file is set.
     */
    private Optional<GoogleSpeechOptions> googleSpeech() {
      Optional<String> endpoint = text("CALLPROOF_SPEECH_ENDPOINT");
      Optional<Path> credentials = text("CALLPROOF_SPEECH_CREDENTIALS").map(Path::of);
      boolean plaintext = flag("CALLPROOF_SPEECH_PLAINTEXT", false);
      if (endpoint.isEmpty() && credentials.isEmpty()) {
        if (plaintext) {
          problems.add(
              "CALLPROOF_SPEECH_PLAINTEXT=true: needs CALLPROOF_SPEECH_ENDPOINT, a Speech server"
                  + " on this machine such as 127.0.0.1:9093");
        }
        return Optional.empty();
      }
      String where = endpoint.orElse(GoogleSpeechOptions.GOOGLE_ENDPOINT);
      java.util.regex.Matcher m =
          java.util.regex.Pattern.compile("([A-Za-z0-9.-]+|\\[[0-9a-fA-F:.]+]):([0-9]{1,5})")
              .matcher(where);
      if (!m.matches()
          || Integer.parseInt(m.group(2)) < 1
          || Integer.parseInt(m.group(2)) > 65535) {
        problems.add(
            "CALLPROOF_SPEECH_ENDPOINT="
                + where
                + ": expected host:port, such as "
                + GoogleSpeechOptions.GOOGLE_ENDPOINT);
        return Optional.empty();
      }
      if (plaintext && !isLoopback(m.group(1))) {
        problems.add(
            "CALLPROOF_SPEECH_PLAINTEXT=true: only for a Speech server on this machine"
                + " (127.0.0.1, ::1 or localhost), not "
                + m.group(1)
                + "; Google's endpoint needs TLS and CALLPROOF_SPEECH_CREDENTIALS");
      }
      if (!plaintext && credentials.isEmpty()) {
        problems.add(
            "CALLPROOF_SPEECH_CREDENTIALS is not set: speech at "
                + where
                + " needs a Google service account key file (JSON) with access to the Speech API");
      }
      if (credentials.isPresent() && !Files.isReadable(credentials.get())) {
        problems.add(
            "CALLPROOF_SPEECH_CREDENTIALS="
                + credentials.get()
                + ": no readable file there (expected a Google service account key, JSON)");
      }
      return Optional.of(new GoogleSpeechOptions(where, credentials, plaintext));
    }

    private static boolean isLoopback(String host) {
      String bare = host.replaceAll("[\\[\\]]", "");
      return bare.equals("localhost") || bare.startsWith("127.") || bare.equals("::1");
    }

    private Speech speech(String defaultLocale) {
      List<String> locales =
          List.of(text("CALLPROOF_LOCALES").orElse("en-US,fr-CA").split("\\s*,\\s*"));
      for (String locale : locales) {
        if (!locale.matches("[a-z]{2}-[A-Z]{2}")) {
          problems.add(
              "CALLPROOF_LOCALES="
                  + String.join(",", locales)
                  + ": expected locales such as en-US,fr-CA ('"
                  + locale
                  + "' is not one)");
        }
      }
      if (!locales.contains(defaultLocale)) {
        problems.add(
            "CALLPROOF_LOCALE="
                + defaultLocale
                + ": expected one of CALLPROOF_LOCALES ("
                + String.join(",", locales)
                + ")");
      }
      String timeout = text("CALLPROOF_TWILIO_SPEECH_TIMEOUT").orElse("auto");
      if (!timeout.equals("auto") && !timeout.matches("[1-9]|10")) {
        problems.add(
            "CALLPROOF_TWILIO_SPEECH_TIMEOUT="
                + timeout
                + ": expected auto, or whole seconds from 1 to 10");
      }
      return new Speech(
          locales,
          flag("CALLPROOF_TWILIO_SPEECH", true),
          decimal("CALLPROOF_SPEECH_MIN_CONFIDENCE", 0.5, 0, 1),
          timeout,
          voices(locales));
    }

    private Map<String, String> voices(List<String> locales) {
      String raw = text("CALLPROOF_TWILIO_VOICES").orElse("fr-CA=Polly.Chantal");
      Map<String, String> voices = new java.util.LinkedHashMap<>();
      for (String pair : raw.split("\\s*,\\s*")) {
        String[] parts = pair.split("=", 2);
        if (parts.length != 2 || !locales.contains(parts[0]) || parts[1].isBlank()) {
          problems.add(
              "CALLPROOF_TWILIO_VOICES="
                  + raw
                  + ": expected locale=voice pairs for locales of CALLPROOF_LOCALES, such as"
                  + " fr-CA=Polly.Chantal");
          return Map.of();
        }
        voices.put(parts[0], parts[1]);
      }
      return voices;
    }

    private boolean flag(String key, boolean fallback) {
      Optional<String> raw = text(key);
      if (raw.isEmpty()) {
        return fallback;
      }
      if (!raw.get().equals("true") && !raw.get().equals("false")) {
        problems.add(key + "=" + raw.get() + ": expected true or false");
        return fallback;
      }
      return Boolean.parseBoolean(raw.get());
    }

    private double decimal(String key, double fallback, double min, double max) {
      Optional<String> raw = text(key);
      if (raw.isEmpty()) {
        return fallback;
      }
      try {
        double value = Double.parseDouble(raw.get());
        if (!(value >= min && value <= max)) {
          problems.add(key + "=" + raw.get() + ": expected a number from " + min + " to " + max);
          return fallback;
        }
        return value;
      } catch (NumberFormatException e) {
        problems.add(key + "=" + raw.get() + ": expected a number from " + min + " to " + max);
        return fallback;
      }
    }

    private Optional<VapidKeys> vapidKeys() {
      Optional<String> publicKey = text("CALLPROOF_VAPID_PUBLIC_KEY");
      Optional<String> privateKey = text("CALLPROOF_VAPID_PRIVATE_KEY");
      if (publicKey.isEmpty() && privateKey.isEmpty()) {
        return Optional.empty();
      }
      try {
        return Optional.of(VapidKeys.fromBase64Url(publicKey.orElse(""), privateKey.orElse("")));
      } catch (IllegalArgumentException e) {
        problems.add(
            "CALLPROOF_VAPID_PUBLIC_KEY=(hidden) and CALLPROOF_VAPID_PRIVATE_KEY: "
                + e.getMessage()
                + " (make a pair with: java -jar callproof.jar vapid-keys)");
        return Optional.empty();
      }
    }

    private String vapidSubject() {
      String subject = text("CALLPROOF_VAPID_SUBJECT").orElse("mailto:helpdesk@callproof.invalid");
      if (!subject.startsWith("mailto:") && !subject.startsWith("https://")) {
        problems.add(
            "CALLPROOF_VAPID_SUBJECT="
                + subject
                + ": expected mailto:someone@your-msp.example or"
                + " an https:// page where push services can reach you");
      }
      return subject;
    }

    private List<Duration> lockDurations() {
      String raw = text("CALLPROOF_LOCK_MINUTES").orElse("15,60,1440");
      List<Duration> durations = new ArrayList<>();
      for (String part : raw.split(",")) {
        try {
          int minutes = Integer.parseInt(part.trim());
          if (minutes < 1 || minutes > 10_080) {
            throw new NumberFormatException();
          }
          durations.add(Duration.ofMinutes(minutes));
        } catch (NumberFormatException e) {
          problems.add(
              "CALLPROOF_LOCK_MINUTES="
                  + raw
                  + ": expected minutes from 1 to 10080,"
                  + " comma-separated, such as 15,60,1440");
          return List.of(Duration.ofMinutes(15), Duration.ofMinutes(60), Duration.ofDays(1));
        }
      }
      return durations;
    }

    private List<String> methods() {
      String raw = text("CALLPROOF_METHODS").orElse("push,sms");
      List<String> methods = new ArrayList<>();
      for (String part : raw.split(",")) {
        String method = part.trim();
        if (!io.callproof.verify.Policy.METHODS.contains(method) || methods.contains(method)) {
          problems.add(
              "CALLPROOF_METHODS="
                  + raw
                  + ": expected some of push, sms, email in order"
                  + " of preference, each once");
          return List.of("push", "sms");
        }
        methods.add(method);
      }
      return methods;
    }

    private Optional<Smtp> smtp() {
      Optional<String> host = text("CALLPROOF_SMTP_HOST");
      if (host.isEmpty()) {
        return Optional.empty();
      }
      Optional<String> from = text("CALLPROOF_SMTP_FROM");
      if (from.isEmpty() || !from.get().contains("@")) {
        problems.add(
            "CALLPROOF_SMTP_FROM="
                + from.orElse("")
                + ": expected the sender address"
                + " of email codes, such as helpdesk@msp.example");
      }
      String startTls = text("CALLPROOF_SMTP_STARTTLS").orElse("required");
      if (!List.of("required", "optional", "disabled").contains(startTls)) {
        problems.add(
            "CALLPROOF_SMTP_STARTTLS=" + startTls + ": expected required, optional or disabled");
      }
      return Optional.of(
          new Smtp(
              host.get(),
              integer("CALLPROOF_SMTP_PORT", 587, 1, 65535),
              text("CALLPROOF_SMTP_USERNAME").orElse(null),
              text("CALLPROOF_SMTP_PASSWORD").orElse(null),
              from.orElse(""),
              startTls));
    }

    private Optional<AdminToken> adminToken() {
      Optional<String> raw = text("CALLPROOF_ADMIN_TOKEN");
      if (raw.isPresent() && raw.get().length() < 32) {
        problems.add(
            "CALLPROOF_ADMIN_TOKEN=(hidden): expected at least 32 characters, such as"
                + " $(head -c24 /dev/urandom | base64)");
        return Optional.empty();
      }
      return raw.map(AdminToken::new);
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
      String audioSocketHost = text("CALLPROOF_AUDIOSOCKET_HOST").orElse("0.0.0.0");
      int audioSocketPort = integer("CALLPROOF_AUDIOSOCKET_PORT", 9092, 0, 65535);
      Optional<String> audioSocketAddress = text("CALLPROOF_AUDIOSOCKET_ADDRESS");
      if (audioSocketAddress.isPresent()
          && !audioSocketAddress
              .get()
              .matches("[A-Za-z0-9.-]+|[0-9a-fA-F.]*:[0-9a-fA-F.]*:[0-9a-fA-F:.]*")) {
        problems.add(
            "CALLPROOF_AUDIOSOCKET_ADDRESS="
                + audioSocketAddress.get()
                + ": expected the host name or IP address the PBX reaches this node at, without"
                + " a port, such as 10.0.0.20");
      }
      int listenSeconds = integer("CALLPROOF_SPEECH_LISTEN_SECONDS", 8, 2, 30);
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
              gatherTimeoutSeconds,
              audioSocketHost,
              audioSocketPort,
              audioSocketAddress,
              listenSeconds));
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

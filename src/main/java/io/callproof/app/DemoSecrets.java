package io.callproof.app;

import io.callproof.crypto.Key;
import io.callproof.push.VapidKeys;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.Properties;

/**
 * Demo mode's secrets: made once from {@code SecureRandom} and kept in the data folder, readable by
 * its owner only, so that restarts can open what earlier runs sealed.
 */
final class DemoSecrets {

  static final String FILE = "secrets.properties";

  /**
   * The secrets of a demo installation.
   *
   * @param installation encrypts stored credentials and queued messages
   * @param code keys code hashes
   * @param vapid signs Web Push requests
   * @param demoAdmin the demo administrator's sign-in, when made here
   */
  record Values(Key installation, Key code, VapidKeys vapid, Optional<DemoAdmin> demoAdmin) {}

  /** The demo administrator's email and password, printed in the start-up banner. */
  record DemoAdmin(String email, String password) {
    @Override
    public String toString() {
      return "DemoAdmin[" + email + "]";
    }
  }

  static final String DEMO_ADMIN_EMAIL = "admin@secure-it.example";

  private DemoSecrets() {}

  /** The demo secrets from the data folder, made (or completed) on first use. */
  static Values loadOrCreate(Path dataFolder) throws IOException {
    Path file = dataFolder.resolve(FILE);
    Properties props = new Properties();
    if (Files.exists(file)) {
      try (Reader in = Files.newBufferedReader(file)) {
        props.load(in);
      }
    } else {
      Files.createDirectories(dataFolder);
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    }
    boolean changed = false;
    if (!props.containsKey("CALLPROOF_INSTALLATION_KEY")) {
      props.setProperty("CALLPROOF_INSTALLATION_KEY", random("demo1").format());
      props.setProperty("CALLPROOF_CODE_KEY", random("demo1").format());
      changed = true;
    }
    if (!props.containsKey("CALLPROOF_VAPID_PUBLIC_KEY")) {
      VapidKeys vapid = VapidKeys.generate();
      props.setProperty("CALLPROOF_VAPID_PUBLIC_KEY", vapid.publicKeyBase64Url());
      props.setProperty("CALLPROOF_VAPID_PRIVATE_KEY", vapid.privateKeyBase64Url());
      changed = true;
    }
    if (!props.containsKey("CALLPROOF_DEMO_ADMIN_PASSWORD")) {
      props.setProperty("CALLPROOF_DEMO_ADMIN_PASSWORD", password());
      changed = true;
    }
    if (changed) {
      try (Writer out = Files.newBufferedWriter(file)) {
        props.store(out, "Callproof demo secrets: made once, never share, never commit");
      }
    }
    return new Values(
        Key.parse(props.getProperty("CALLPROOF_INSTALLATION_KEY")),
        Key.parse(props.getProperty("CALLPROOF_CODE_KEY")),
        VapidKeys.fromBase64Url(
            props.getProperty("CALLPROOF_VAPID_PUBLIC_KEY"),
            props.getProperty("CALLPROOF_VAPID_PRIVATE_KEY")),
        Optional.of(
            new DemoAdmin(DEMO_ADMIN_EMAIL, props.getProperty("CALLPROOF_DEMO_ADMIN_PASSWORD"))));
  }

  /** 16 characters from an alphabet without look-alikes, about 80 bits. */
  private static String password() {
    String alphabet = "abcdefghjkmnpqrstuvwxyzACDEFGHJKLMNPQRTUVWXY346789";
    SecureRandom random = new SecureRandom();
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < 16; i++) {
      out.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return out.toString();
  }

  private static Key random(String id) {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return new Key(id, bytes);
  }
}

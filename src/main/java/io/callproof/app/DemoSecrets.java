package io.callproof.app;

import io.callproof.crypto.Key;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Properties;

/**
 * Demo mode's secrets: made once from {@code SecureRandom} and kept in the data folder, readable by
 * its owner only, so that restarts can open what earlier runs sealed.
 */
final class DemoSecrets {

  static final String FILE = "secrets.properties";

  private DemoSecrets() {}

  /** The installation key and code key from the data folder, made on first use. */
  static Key[] loadOrCreate(Path dataFolder) throws IOException {
    Path file = dataFolder.resolve(FILE);
    Properties props = new Properties();
    if (Files.exists(file)) {
      try (Reader in = Files.newBufferedReader(file)) {
        props.load(in);
      }
    } else {
      Files.createDirectories(dataFolder);
      props.setProperty("CALLPROOF_INSTALLATION_KEY", random("demo1").format());
      props.setProperty("CALLPROOF_CODE_KEY", random("demo1").format());
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      try (Writer out = Files.newBufferedWriter(file)) {
        props.store(out, "Callproof demo secrets: made once, never share, never commit");
      }
    }
    return new Key[] {
      Key.parse(props.getProperty("CALLPROOF_INSTALLATION_KEY")),
      Key.parse(props.getProperty("CALLPROOF_CODE_KEY"))
    };
  }

  private static Key random(String id) {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return new Key(id, bytes);
  }
}

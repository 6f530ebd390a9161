package io.callproof.asterisk;

import io.callproof.ivr.PromptCatalog;
import io.callproof.route.Badge;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/**
 * Writes the sound files an Asterisk line plays: every fixed part of every prompt of every catalog,
 * the badge words a technician hears in the whisper, and the names of the directory (MSPs,
 * companies, contacts' first names, technicians). A text-to-speech command (espeak-ng by default)
 * speaks each text into a WAV file, which is then converted to what Asterisk plays without
 * transcoding: 8 kHz, 16-bit, mono.
 */
public final class PromptRenderer {

  /** What Asterisk plays from a {@code .wav} file without converting it. */
  static final AudioFormat ASTERISK_WAV = new AudioFormat(8000f, 16, 1, true, false);

  /**
   * A name to render for a tenant.
   *
   * @param tenantId the tenant it belongs to
   * @param text the name as written in the directory
   */
  public record Name(String tenantId, String text) {}

  /** A prompt catalog's file: its locale's BCP 47 tag ({@code en-US.yaml}, {@code fr-CA.yaml}). */
  private static final java.util.regex.Pattern LOCALE_FILE =
      java.util.regex.Pattern.compile("[a-z]{2,3}-[A-Z]{2}\\.yaml");

  private final String ttsCommand;

  /**
   * @param ttsCommand the text-to-speech program; called as {@code COMMAND -v VOICE -w OUT.wav
   *     TEXT}, as espeak-ng takes it
   */
  public PromptRenderer(String ttsCommand) {
    this.ttsCommand = ttsCommand;
  }

  /**
   * Renders every catalog ({@code <locale>.yaml}) in {@code ivrFolder} and the given names into
   * {@code out}, replacing files that exist.
   *
   * @param knownParams the parameters prompts may name
   * @return the files written, relative to {@code out}, in order
   * @throws IOException when the TTS command fails or a file cannot be written; the message names
   *     the text and the command
   */
  public List<String> render(Path ivrFolder, Set<String> knownParams, List<Name> names, Path out)
      throws IOException, InterruptedException {
    List<String> written = new ArrayList<>();
    for (String locale : locales(ivrFolder)) {
      PromptCatalog catalog = PromptCatalog.load(ivrFolder, locale, knownParams);
      String voice = voice(locale);
      for (String key : new TreeSet<>(catalog.voiceKeys())) {
        String template = catalog.voiceTemplate(key).orElseThrow();
        for (PromptAudio.FixedPart part : PromptAudio.fixedParts(locale, key, template)) {
          written.add(speak(voice, part.text(), out, part.file()));
        }
      }
      for (Map.Entry<String, String> word : badgeWords().entrySet()) {
        written.add(speak(voice, word.getValue(), out, locale + "/badge-" + word.getKey()));
      }
    }
    Map<String, Name> unique = new TreeMap<>();
    names.forEach(n -> unique.putIfAbsent(PromptAudio.nameFile(n.tenantId(), n.text()), n));
    for (Map.Entry<String, Name> name : unique.entrySet()) {
      written.add(speak("en-us", name.getValue().text(), out, name.getKey()));
    }
    return written;
  }

  /**
   * The espeak-ng voice for a catalog's locale: French catalogs (such as {@code fr-CA}) use its
   * French voice, which needs no MBROLA data; others the voice named like the locale.
   */
  static String voice(String locale) {
    String lower = locale.toLowerCase(Locale.ROOT);
    return lower.startsWith("fr-") ? "fr" : lower;
  }

  /** What the whisper says for each badge word before the caller is put through. */
  static Map<String, String> badgeWords() {
    Map<String, String> words = new TreeMap<>();
    for (Badge.Word word : Badge.Word.values()) {
      words.put(word.spelling(), "Callproof. " + spokenWord(word));
    }
    return words;
  }

  private static String spokenWord(Badge.Word word) {
    switch (word) {
      case VERIFIED:
        return "Verified caller.";
      case EMAIL_VERIFIED:
        return "Email verified caller.";
      case CALLER_ID:
        return "Caller ID match only. Not verified.";
      case FAILED:
        return "Verification failed.";
      case DENIED:
        return "Warning: the contact denied this request. Possible fraud.";
      case LOCKED:
        return "Locked out. Not verified.";
      case PENDING:
        return "Verification pending.";
      default:
        return "Unverified caller.";
    }
  }

  /** Every name the directory holds that a prompt may speak. */
  public static Future<List<Name>> directoryNames(SqlClient db) {
    return db.query(
            "select id, name from tenant"
                + " union select tenant_id, name from company"
                + " union select tenant_id, first_name from contact where not disabled"
                + " union select tenant_id, name from technician")
        .execute()
        .map(
            rows -> {
              List<Name> names = new ArrayList<>();
              for (Row row : rows) {
                names.add(new Name(row.getString(0), row.getString(1)));
              }
              return names;
            });
  }

  private static List<String> locales(Path ivrFolder) throws IOException {
    List<String> locales = new ArrayList<>();
    try (var files = Files.list(ivrFolder)) {
      files
          .map(f -> f.getFileName().toString())
          .filter(f -> LOCALE_FILE.matcher(f).matches())
          .sorted()
          .forEach(f -> locales.add(f.substring(0, f.length() - ".yaml".length())));
    }
    if (locales.isEmpty()) {
      throw new IOException(ivrFolder + ": no prompt catalog (<locale>.yaml) to render");
    }
    return locales;
  }

  private String speak(String voice, String text, Path out, String file)
      throws IOException, InterruptedException {
    Path target = out.resolve(file + ".wav");
    Files.createDirectories(target.getParent());
    Path spoken = Files.createTempFile(target.getParent(), ".tts-", ".wav");
    try {
      Process tts =
          new ProcessBuilder(ttsCommand, "-v", voice, "-w", spoken.toString(), text)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!tts.waitFor(60, TimeUnit.SECONDS) || tts.exitValue() != 0) {
        tts.destroyForcibly();
        throw new IOException(
            ttsCommand + " could not speak '" + text + "' for " + file + " (voice " + voice + ")");
      }
      toAsteriskWav(spoken, target);
      return file + ".wav";
    } finally {
      Files.deleteIfExists(spoken);
    }
  }

  private static void toAsteriskWav(Path from, Path to) throws IOException {
    try (AudioInputStream in = AudioSystem.getAudioInputStream(from.toFile());
        AudioInputStream converted = AudioSystem.getAudioInputStream(ASTERISK_WAV, in)) {
      AudioSystem.write(converted, AudioFileFormat.Type.WAVE, to.toFile());
    } catch (UnsupportedAudioFileException | IllegalArgumentException e) {
      throw new IOException(from + ": the TTS command wrote no WAV file Java can convert", e);
    }
  }
}

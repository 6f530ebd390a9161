package io.callproof.asterisk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sound files render-prompts writes. The file list and format are checked with a stand-in TTS
 * command (a script that copies a 22.05 kHz WAV, as espeak-ng writes), so that they need no
 * espeak-ng; one test speaks with the real espeak-ng and is skipped where it is not installed.
 */
class PromptRendererTest {

  private static final Set<String> PARAMS = io.callproof.app.TestAccess.promptParameters();

  @TempDir Path temp;

  @Test
  void render_writesEveryFixedPartBadgeWordAndName_as8kHzMonoWav() throws Exception {
    Path out = temp.resolve("out");

    List<String> files =
        new PromptRenderer(fakeTts().toString())
            .render(
                Path.of("ivr"),
                PARAMS,
                List.of(
                    new PromptRenderer.Name("acme-msp", "Ajax Dental"),
                    new PromptRenderer.Name("acme-msp", "Randy Smith")),
                out);

    assertThat(files)
        .contains(
            "en-US/greeting-0.wav",
            "en-US/greeting-1.wav",
            "en-US/greeting-2.wav",
            "en-US/code-sent-0.wav",
            "en-US/code-sent-1.wav",
            "en-US/enter-code-0.wav",
            "en-US/badge-verified.wav",
            "en-US/badge-caller-id.wav",
            "names/acme-msp/ajax-dental.wav",
            "names/acme-msp/randy-smith.wav")
        .doesNotContain("en-US/greeting-3.wav", "en-US/code-sent-2.wav");
    for (String file : files) {
      assertThat(format(out.resolve(file))).matches(PromptRenderer.ASTERISK_WAV::matches);
    }
    assertThat(Files.readAllLines(temp.resolve("tts.log")))
        .contains("en-us|Thank you for calling the", "en-us|helpdesk. Hello", "en-us|from");
  }

  @Test
  void render_frenchCatalog_speaksWithEspeakNgsFrenchVoice_andSkipsFilesThatAreNoCatalog()
      throws Exception {
    Path ivr = temp.resolve("ivr");
    Files.createDirectories(ivr);
    Files.writeString(ivr.resolve("en-US.yaml"), "voice:\n  welcome: Welcome to {msp}.\n");
    Files.writeString(ivr.resolve("fr-CA.yaml"), "voice:\n  welcome: Bienvenue chez {msp}.\n");
    Files.writeString(ivr.resolve("intents.yaml"), "intents: {}\n");
    Path out = temp.resolve("out");

    List<String> files =
        new PromptRenderer(fakeTts().toString()).render(ivr, PARAMS, List.of(), out);

    assertThat(files).contains("en-US/welcome-0.wav", "fr-CA/welcome-0.wav");
    assertThat(files).noneMatch(f -> f.startsWith("intents"));
    assertThat(Files.readAllLines(temp.resolve("tts.log")))
        .contains("en-us|Welcome to", "fr|Bienvenue chez");
  }

  @Test
  void render_withEspeakNg_speaksEachPart() throws Exception {
    assumeTrue(onPath("espeak-ng"), "espeak-ng is not installed");
    Path out = temp.resolve("out");

    new PromptRenderer("espeak-ng").render(Path.of("ivr"), PARAMS, List.of(), out);

    Path greeting = out.resolve("en-US/greeting-0.wav");
    assertThat(format(greeting)).matches(PromptRenderer.ASTERISK_WAV::matches);
    // "Thank you for calling the" lasts most of a second: 8,000 two-byte samples a second.
    assertThat(Files.size(greeting)).isGreaterThan(8_000);
    Path french = out.resolve("fr-CA/greeting-0.wav");
    assertThat(format(french)).matches(PromptRenderer.ASTERISK_WAV::matches);
    assertThat(Files.size(french)).isGreaterThan(8_000);
  }

  private Path fakeTts() throws IOException, UnsupportedAudioFileException {
    Path wav = temp.resolve("spoken.wav");
    byte[] silence = new byte[22050 * 2 / 4];
    AudioFormat espeak = new AudioFormat(22050f, 16, 1, true, false);
    try (AudioInputStream in =
        new AudioInputStream(new ByteArrayInputStream(silence), espeak, silence.length / 2)) {
      AudioSystem.write(in, AudioFileFormat.Type.WAVE, wav.toFile());
    }
    Path script = temp.resolve("fake-tts");
    Files.writeString(
        script,
        "#!/bin/sh\n"
            + "# called as: fake-tts -v VOICE -w OUT TEXT\n"
            + "cp '"
            + wav
            + "' \"$4\"\n"
            + "echo \"$2|$5\" >> '"
            + temp.resolve("tts.log")
            + "'\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    return script;
  }

  private static AudioFormat format(Path wav) throws IOException, UnsupportedAudioFileException {
    return AudioSystem.getAudioFileFormat(wav.toFile()).getFormat();
  }

  private static boolean onPath(String command) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (Files.isExecutable(Path.of(dir, command))) {
        return true;
      }
    }
    return false;
  }
}

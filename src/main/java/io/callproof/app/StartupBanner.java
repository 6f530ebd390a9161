package io.callproof.app;

import io.callproof.directory.PhoneNumbers;

/** What the service prints when it is up: where it listens, and what to try next. */
final class StartupBanner {

  private StartupBanner() {}

  static String text(Callproof service) {
    Settings s = service.settings();
    String local = "http://localhost:" + service.port();
    StringBuilder out = new StringBuilder();
    out.append("Callproof is up in ")
        .append(s.mode().name().toLowerCase())
        .append(" mode, listening on ")
        .append(s.httpHost())
        .append(':')
        .append(service.port())
        .append('\n');
    out.append("  Twilio voice webhook:   ")
        .append(publicBase(s, local))
        .append("/twilio/voice (POST)\n");
    out.append("  Twilio status callback: ")
        .append(publicBase(s, local))
        .append("/twilio/voice/status (POST)\n");
    out.append("  Twilio fallback URL:    ")
        .append(publicBase(s, local))
        .append("/twilio/voice/fallback (POST)\n");
    service
        .demoTenant()
        .ifPresent(
            t -> {
              out.append("Demo MSP '").append(t.name()).append("' answers on ");
              t.numbersInOrder().forEach(n -> out.append(n).append(' '));
              out.append("(")
                  .append(
                      t.devOutbox()
                          ? "texts go to the development outbox"
                          : "texts are sent through Twilio")
                  .append(")\n");
            });
    service
        .demoAdmin()
        .ifPresent(
            admin ->
                out.append("Technician console: ")
                    .append(local)
                    .append("/console  sign in as ")
                    .append(admin.email())
                    .append(" with password ")
                    .append(admin.password())
                    .append(" (kept in the data folder)\n"));
    if (s.mode() == Settings.Mode.DEMO) {
      out.append("Try next:\n");
      out.append("  ").append(local).append("/console/demo/phone    a keypad in the browser\n");
      out.append("  curl ").append(local).append("/dev/outbox    texts the demo has 'sent'\n");
      out.append("  java -jar target/callproof.jar phone --from ")
          .append("+13125550121    play a call as Dana (")
          .append(PhoneNumbers.mask("+13125550121"))
          .append(") from the terminal\n");
    }
    return out.toString();
  }

  private static String publicBase(Settings s, String local) {
    return s.publicUrl().map(Object::toString).orElse(local);
  }
}

package io.callproof.twilio;

/**
 * How Twilio gathers listen for speech.
 *
 * @param enabled whether gathers that accept speech ask Twilio to listen ({@code input="dtmf
 *     speech"}); when off, every gather takes keys only
 * @param speechTimeout Twilio's {@code speechTimeout}: {@code auto}, or whole seconds of silence
 *     that end a spoken answer
 */
public record SpeechOptions(boolean enabled, String speechTimeout) {}

package io.callproof.message;

import io.callproof.directory.Tenant;

/**
 * Hands a text message to whatever delivers it for a tenant. Implemented by the telephony adapters,
 * so that the domain queues texts without knowing the provider.
 */
public interface TextSender {

  /**
   * Sends one text; blocking, called from a worker thread, never from the event loop.
   *
   * @param to E.164 number
   * @param body the full text, which may hold a code: implementations never log it
   * @return the provider's id for the message, which its status callbacks quote
   * @throws Exception when the provider refused or could not be reached; the message is retried
   */
  String send(Tenant tenant, String to, String body) throws Exception;
}

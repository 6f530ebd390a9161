package io.callproof.app;

import io.callproof.directory.Tenant;
import io.callproof.ivr.PromptCatalog;
import io.callproof.verify.VerificationService;
import java.util.Map;

/** The texts and emails of verifications, from the prompt catalog. */
final class CatalogMessages implements VerificationService.Messages {

  private final PromptCatalog prompts;

  CatalogMessages(PromptCatalog prompts) {
    this.prompts = prompts;
  }

  @Override
  public String codeText(Tenant tenant, String code, long minutes) {
    return prompts.sms("code", codeParams(tenant, code, minutes));
  }

  @Override
  public String codeEmail(Tenant tenant, String code, long minutes) {
    Map<String, String> params = codeParams(tenant, code, minutes);
    return prompts.email("code-subject", params) + "\n" + prompts.email("code", params);
  }

  @Override
  public String approvalText(Tenant tenant, String link) {
    return prompts.sms("approval", Map.of("msp", tenant.name(), "link", link));
  }

  @Override
  public String enrolmentText(Tenant tenant, String link) {
    return prompts.sms("enrolment", Map.of("msp", tenant.name(), "link", link));
  }

  private static Map<String, String> codeParams(Tenant tenant, String code, long minutes) {
    return Map.of("msp", tenant.name(), "code", code, "minutes", Long.toString(minutes));
  }
}

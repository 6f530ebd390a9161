package io.callproof.directory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What a tenant tells of its own lines. */
class TenantTest {

  @Test
  void numbersInOrder_putTheHelpdeskInTheDefaultLanguageFirst_thenOtherLanguages_thenOtherFlows() {
    Tenant tenant =
        new Tenant(
            "secure-it",
            "Secure IT",
            "America/Chicago",
            "US",
            Optional.empty(),
            Optional.empty(),
            Map.of(
                "+13125550110", "hotline",
                "+13125550113", "helpdesk",
                "+13125550111", "helpdesk",
                "+13125550112", "helpdesk"),
            Map.of("+13125550113", "fr-CA", "+13125550112", "fr-CA"),
            true);

    assertThat(tenant.numbersInOrder())
        .containsExactly("+13125550111", "+13125550112", "+13125550113", "+13125550110");
  }
}

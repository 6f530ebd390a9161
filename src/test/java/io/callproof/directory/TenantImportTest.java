package io.callproof.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.callproof.support.Helpdesk;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TenantImportTest {

  private final TenantImport importer = new TenantImport(null, name -> null);

  @Test
  void badFile_reportsEveryMistakeWithItsPlace() {
    String yaml =
        """
        tenant:
          id: Bad_Id
          name: X
          time_zone: Mars/Olympus
          twilio: {account_sid: AC12, auth_token_env: NOPE, from: "12"}
          numbers: {"+1212": helpdesk}
        companies:
          - name: Ajax
            contacts:
              - first_name: Dana
                phones:
                  - {kind: pager, number: "+12125550121", registered: yesterday}
          - name: Ajax
        technicians:
          - {id: "1", name: Randy}
          - {id: "2", name: Sam, sip: "PJSIP/sam&SIP/evil"}
        """;

    TenantImport.ImportError error =
        catchThrowableOfType(
            TenantImport.ImportError.class,
            () -> importer.check("t.yaml", yaml, Optional.empty(), false));

    assertThat(error.problems())
        .containsExactly(
            "tenant.id: 'Bad_Id' must be 2 to 40 lowercase letters, digits or '-'",
            "tenant.time_zone: 'Mars/Olympus' is not a time zone (such as America/Chicago)",
            "tenant.twilio.account_sid: 'AC12' is not AC followed by 32 hex digits",
            "tenant.twilio.auth_token_env: environment variable NOPE is not set",
            "tenant.twilio.from: '12' is not a valid phone number",
            "tenant.numbers.+1212: '+1212' is not a valid phone number",
            "tenant.numbers: name at least one number and its flow, such as \"+15550100100\":"
                + " helpdesk",
            "companies[0].contacts[0].last_name: is missing",
            "companies[0].contacts[0].phones[0].kind: 'pager' must be mobile or work",
            "companies[0].contacts[0].phones[0].registered: 'yesterday' is not a date (YYYY-MM-DD,"
                + " when the number was registered)",
            "companies[1].name: 'Ajax' appears twice",
            "technicians[0]: give client (a softphone identity), phone or sip, or several",
            "technicians[1].sip: 'PJSIP/sam&SIP/evil' is not an Asterisk dial string such as"
                + " PJSIP/randy (technology, '/', then letters, digits, '.', '_', '-', '@' or ':')");
    assertThat(error.getMessage()).startsWith("t.yaml: nothing imported:");
  }

  @Test
  void demoAccount_isRefusedOutsideDemoMode() {
    String yaml =
        """
        tenant:
          id: acme
          name: Acme
          time_zone: UTC
          twilio: {account_sid: demo, from: "+12125550100"}
          numbers: {"+12125550111": helpdesk}
        """;

    TenantImport.ImportError error =
        catchThrowableOfType(
            TenantImport.ImportError.class,
            () -> importer.check("t.yaml", yaml, Optional.empty(), false));

    assertThat(error.problems())
        .containsExactly(
            "tenant.twilio.account_sid: 'demo' is for demo"
                + " mode only; give the real account SID");
  }

  @Test
  void importedTenant_keepsItsAuthTokenSealedAndTheImportIsAudited() throws Exception {
    try (Helpdesk helpdesk = Helpdesk.start()) {
      byte[] stored =
          helpdesk
              .query("select twilio_auth_token from tenant where id = $1", Tuple.of("acme-msp"))
              .get(0)
              .getBuffer(0)
              .getBytes();

      assertThat(new String(stored, StandardCharsets.ISO_8859_1))
          .doesNotContain(Helpdesk.AUTH_TOKEN);
      assertThat(
              helpdesk
                  .service
                  .tenants()
                  .byAccountSid(Helpdesk.ACCOUNT_SID)
                  .orElseThrow()
                  .twilio()
                  .orElseThrow()
                  .authToken())
          .isEqualTo(Helpdesk.AUTH_TOKEN);
      assertThat(
              helpdesk.count(
                  "select count(*) from audit_event where kind =" + " 'tenant-imported'",
                  Tuple.tuple()))
          .isEqualTo(1);
    }
  }

  @Test
  void sameTenantTwice_isRefusedAndChangesNothing() throws Exception {
    try (Helpdesk helpdesk = Helpdesk.start()) {
      long contacts = helpdesk.count("select count(*) from contact", Tuple.tuple());

      var again = helpdesk.importAgain();

      assertThat(again).hasMessageContaining("tenant 'acme-msp' or one of its numbers exists");
      assertThat(helpdesk.count("select count(*) from contact", Tuple.tuple())).isEqualTo(contacts);
    }
  }
}

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
            "technicians[1].sip: 'PJSIP/sam&SIP/evil' is not an Asterisk dial string such"
                + " as PJSIP/randy (technology, '/', then letters, digits, '.', '_', '-', '@'"
                + " or ':')");
    assertThat(error.getMessage()).startsWith("t.yaml: nothing imported:");
  }

  @Test
  void largeMspsFile_ofTwentyThousandContacts_isRead() {
    StringBuilder yaml =
        new StringBuilder(
            """
            tenant:
              id: big-msp
              name: Big MSP
              time_zone: America/New_York
              default_region: US
              numbers:
                "+12125550100": helpdesk
            companies:
              - name: Everyone Inc
                contacts:
            """);
    for (int i = 0; i < 20_000; i++) {
      yaml.append("      - first_name: Contact\n")
          .append("        last_name: Number")
          .append(i)
          .append("\n        email: contact")
          .append(i)
          .append("@everyone.example\n        phones:\n")
          .append("          - {kind: mobile, number: \"+1212")
          .append(7_000_000 + i)
          .append("\", registered: 2020-01-01}\n");
    }
    assertThat(yaml.length()).isGreaterThan(3 * 1024 * 1024);

    TenantImport.Plan plan = importer.check("big.yaml", yaml.toString(), Optional.empty(), false);

    assertThat(plan.contactCount()).isEqualTo(20_000);
  }

  @Test
  void languages_ofNumbersAndContacts_areCheckedWithTheirPlace() {
    String yaml =
        """
        tenant:
          id: acme
          name: Acme
          time_zone: America/New_York
          numbers:
            "+12125550111": helpdesk
            "+12125550112": {flow: helpdesk, language: fr-FR}
            "+12125550113": {language: fr-CA}
        companies:
          - name: Ajax
            contacts:
              - {first_name: Dana, last_name: Reyes, language: english}
        """;

    TenantImport.ImportError error =
        catchThrowableOfType(
            TenantImport.ImportError.class,
            () -> importer.check("t.yaml", yaml, Optional.empty(), false));

    assertThat(error.problems())
        .containsExactly(
            "tenant.numbers.+12125550112.language: 'fr-FR' is not a language (expected en-US or"
                + " fr-CA)",
            "tenant.numbers.+12125550113.flow: is missing",
            "companies[0].contacts[0].language: 'english' is not a language (expected en-US or"
                + " fr-CA)");
  }

  @Test
  void badPolicies_reportEveryMistakeWithItsPlace() {
    String yaml =
        """
        tenant:
          id: acme
          name: Acme
          time_zone: UTC
          twilio:
            account_sid: AC0123456789abcdef0123456789abcdef
            auth_token: x
            from: "+12125550100"
          numbers: {"+12125550111": helpdesk}
          policy: {methods: [], code_minutes: 11}
        companies:
          - name: Ajax
            policy:
              methods: [push, fax, push]
              email_counts_for: [coffee]
              code_minutes: 2.5
              approval_minutes: 0
            contacts:
              - {first_name: Dana, last_name: Reyes, authorised_requester: maybe}
          - name: Beta
            policy: {email_counts_for: [other]}
        """;

    TenantImport.ImportError error =
        catchThrowableOfType(
            TenantImport.ImportError.class,
            () -> importer.check("t.yaml", yaml, Optional.empty(), false));

    assertThat(error.problems())
        .containsExactly(
            "tenant.policy.methods: name at least one (expected push, sms, email)",
            "tenant.policy.code_minutes: '11' must be whole minutes from 1 to 10",
            "companies[0].policy.methods: 'fax' is not a method (expected push, sms, email)",
            "companies[0].policy.methods: 'push' appears twice",
            "companies[0].policy.email_counts_for: 'coffee' is not a request (expected"
                + " account-unlock, password-reset, mfa-reset, other)",
            "companies[0].policy.code_minutes: '2.5' must be whole minutes from 1 to 10",
            "companies[0].policy.approval_minutes: '0' must be whole minutes from 1 to 10",
            "companies[0].contacts[0].authorised_requester: 'maybe' must be true or false",
            "companies[1].policy.methods: is missing (expected push, sms, email)");
  }

  @Test
  void policiesAndAuthorisedRequesters_areWritten() throws Exception {
    try (Helpdesk helpdesk = Helpdesk.start(Helpdesk.POLICY_TENANT, java.util.Map.of())) {
      var policies =
          helpdesk.query(
              "select co.name, p.methods, p.email_counts_for, p.code_ttl_seconds,"
                  + " p.approval_ttl_seconds from policy p left join company co"
                  + " on co.id = p.company_id order by co.name nulls first",
              Tuple.tuple());
      var requesters =
          helpdesk.query(
              "select first_name from contact where authorised_requester order by first_name",
              Tuple.tuple());

      assertThat(policies).hasSize(2);
      assertThat(policies.get(0).getString(0)).isNull();
      assertThat(policies.get(0).getArrayOfStrings(1)).containsExactly("push", "sms");
      assertThat(policies.get(0).getArrayOfStrings(2)).isEmpty();
      assertThat(policies.get(0).getInteger(3)).isEqualTo(300);
      assertThat(policies.get(0).getInteger(4)).isEqualTo(120);
      assertThat(policies.get(1).getString(0)).isEqualTo("Beta Law");
      assertThat(policies.get(1).getArrayOfStrings(1)).containsExactly("email");
      assertThat(policies.get(1).getArrayOfStrings(2)).containsExactly("account-unlock");
      assertThat(policies.get(1).getInteger(3)).isEqualTo(180);
      assertThat(policies.get(1).getInteger(4)).isEqualTo(120);
      assertThat(requesters).extracting(r -> r.getString(0)).containsExactly("Dana");
    }
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
  void softphoneKeys_areCheckedWithTheirPlace() {
    String yaml =
        """
        tenant:
          id: acme
          name: Acme
          time_zone: UTC
          default_region: US
          twilio:
            account_sid: AC0123456789abcdef0123456789abcdef
            auth_token: x
            from: "+12125550100"
            api_key_sid: SK12
            api_key_secret_env: NO_SUCH_SECRET
          numbers: {"+12125550111": helpdesk}
        """;

    TenantImport.ImportError error =
        catchThrowableOfType(
            TenantImport.ImportError.class,
            () -> importer.check("t.yaml", yaml, Optional.empty(), false));

    assertThat(error.problems())
        .contains(
            "tenant.twilio.api_key_sid: 'SK12' is not SK followed by 32 hex digits",
            "tenant.twilio.twiml_app_sid: is missing",
            "tenant.twilio.api_key_secret_env: environment variable NO_SUCH_SECRET is not set");
  }

  @Test
  void importedTenant_keepsItsApiKeySecretSealed() throws Exception {
    try (Helpdesk helpdesk = Helpdesk.start()) {
      io.vertx.sqlclient.Row row =
          helpdesk
              .query(
                  "select twilio_api_key_sid, twilio_api_key_secret, twilio_twiml_app_sid"
                      + " from tenant where id = 'acme-msp'",
                  Tuple.tuple())
              .get(0);

      assertThat(row.getString(0)).isEqualTo(Helpdesk.API_KEY_SID);
      assertThat(new String(row.getBuffer(1).getBytes(), StandardCharsets.ISO_8859_1))
          .doesNotContain(Helpdesk.API_KEY_SECRET);
      assertThat(row.getString(2)).isEqualTo(Helpdesk.TWIML_APP_SID);
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

package io.callproof.directory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Checking a contacts CSV file: columns and their aliases, and every kind of problem by row. */
class ContactImportTest {

  private static final UUID AJAX = UUID.randomUUID();

  private static final ContactImport.Existing EXISTING =
      new ContactImport.Existing(
          Map.of("ajax dental", AJAX),
          Set.of("dana@ajax.example"),
          Set.of("1001"),
          Set.of("+12125550121"));

  private static ContactImport.Preview check(String csv) {
    return ContactImport.check(csv, EXISTING, "US");
  }

  private static List<String> problems(String csv) {
    return check(csv).problems().stream().map(ContactImport.Problem::toString).toList();
  }

  @Test
  void check_ownColumns_readsEveryField() {
    ContactImport.Preview preview =
        check(
            "company,first_name,last_name,email,mobile,work_phone,employee_id,"
                + "authorised_requester,disabled,language\r\n"
                + "Ajax Dental,Ann,Lee,ann@ajax.example,(212) 555-0161,212-555-0162,2001,yes,"
                + "no,fr-CA\r\n");

    ContactImport.Contact ann = preview.contacts().get(0);

    assertThat(preview.problems()).isEmpty();
    assertThat(ann.row()).isEqualTo(2);
    assertThat(ann.companyId()).isEqualTo(AJAX);
    assertThat(ann.mobile()).isEqualTo("+12125550161");
    assertThat(ann.workPhone()).isEqualTo("+12125550162");
    assertThat(ann.authorisedRequester()).isTrue();
    assertThat(ann.disabled()).isFalse();
    assertThat(ann.language()).isEqualTo("fr-CA");
  }

  @Test
  void check_connectWiseHeaders_areReadAsTheirColumns() {
    ContactImport.Preview preview =
        check(
            "Company Name,First Name,Last Name,Default Email,Mobile,Direct,Inactive Flag,Title\n"
                + "ajax dental,Bo,Ng,bo@ajax.example,2125550163,2125550164,TRUE,Nurse\n");

    ContactImport.Contact bo = preview.contacts().get(0);

    assertThat(preview.problems()).isEmpty();
    assertThat(preview.columns())
        .containsEntry("Default Email", "email")
        .containsEntry("Title", null);
    assertThat(bo.email()).isEqualTo("bo@ajax.example");
    assertThat(bo.workPhone()).isEqualTo("+12125550164");
    assertThat(bo.disabled()).isTrue();
  }

  @Test
  void check_autotaskHeaders_readActiveAsTheOppositeOfDisabled() {
    ContactImport.Preview preview =
        check(
            "\uFEFFOrganization Name,First Name,Last Name,Email Address,Mobile Phone,Phone,"
                + "External ID,Active\n"
                + "Ajax Dental,Cy,Ro,cy@ajax.example,2125550165,,3001,No\n"
                + "Ajax Dental,Di,Ro,di@ajax.example,2125550166,,3002,Yes\n");

    assertThat(preview.problems()).isEmpty();
    assertThat(preview.contacts().get(0).disabled()).isTrue();
    assertThat(preview.contacts().get(1).disabled()).isFalse();
    assertThat(preview.contacts().get(0).employeeId()).isEqualTo("3001");
  }

  @Test
  void check_badRows_reportEachProblemWithItsRowAndColumn() {
    List<String> problems =
        problems(
            "company,first_name,last_name,email,mobile,authorised_requester,language\n"
                + "Ajax Dental,Ed,Po,ed@ajax.example,555-12,maybe,de-DE\n"
                + "Zeta Corp,Flo,Po,,,,\n"
                + ",,Po,not-an-email,,,\n");

    assertThat(problems)
        .containsExactly(
            "row 2, mobile: '555-12' is not a valid phone number",
            "row 2, authorised_requester: 'maybe' must be yes or no (or true or false, 1 or 0)",
            "row 2, language: 'de-DE' is not a language (expected en-US or fr-CA)",
            "row 3, company: 'Zeta Corp' is not one of this MSP's companies (add it first)",
            "row 4, company: is missing",
            "row 4, first_name: is missing",
            "row 4, email: 'not-an-email' is not an email address");
  }

  @Test
  void check_duplicates_withinTheFileAndAgainstExistingContacts_areProblems() {
    List<String> problems =
        problems(
            "company,first_name,last_name,email,mobile,employee_id\n"
                + "Ajax Dental,Gil,Ma,gil@ajax.example,2125550167,4001\n"
                + "Ajax Dental,Gil,Mo,GIL@ajax.example,2125550167,4001\n"
                + "Ajax Dental,Dan,Re,dana@ajax.example,2125550121,1001\n");

    assertThat(problems)
        .containsExactly(
            "row 3, email: 'gil@ajax.example' is also in row 2",
            "row 3, mobile: '***0167' is also in row 2",
            "row 3, employee_id: '4001' is also in row 2",
            "row 4, email: 'dana@ajax.example' belongs to an existing contact",
            "row 4, mobile: '***0121' belongs to an existing contact",
            "row 4, employee_id: '1001' belongs to an existing contact");
  }

  @Test
  void check_fileWithoutRequiredColumns_orUnclosedQuote_hasOnlyFileProblems() {
    List<String> missing = problems("name,email\nAnn,ann@ajax.example\n");
    List<String> unclosed = problems("company,first_name,last_name\n\"Ajax Dental,Ann,Lee\n");

    assertThat(missing)
        .containsExactly(
            "row 1: no company column (the header row must name it)",
            "row 1: no first_name column (the header row must name it)",
            "row 1: no last_name column (the header row must name it)");
    assertThat(unclosed)
        .containsExactly("file: row 2: a quoted field is never closed (a \" is missing)");
  }

  @Test
  void check_quotedFields_keepCommasQuotesAndLineBreaks() {
    ContactImport.Preview preview =
        check("company,first_name,last_name\n\"Ajax Dental\",\"Jo, \"\"JJ\"\"\",\"Smith\nJr\"\n");

    assertThat(preview.problems()).isEmpty();
    assertThat(preview.contacts().get(0).firstName()).isEqualTo("Jo, \"JJ\"");
    assertThat(preview.contacts().get(0).lastName()).isEqualTo("Smith\nJr");
  }

  @Test
  void check_twoHeadersForOneColumn_isAFileProblem() {
    List<String> problems =
        problems(
            "company,first_name,last_name,Email,Email Address\nAjax Dental,A,B,a@x.io,b@x.io\n");

    assertThat(problems)
        .containsExactly(
            "row 1, Email Address: gives email, as 'Email' does; keep one of the two columns");
  }
}

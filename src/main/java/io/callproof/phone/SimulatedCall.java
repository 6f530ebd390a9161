package io.callproof.phone;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * One call as Twilio plays it: it posts the call's webhooks, reads each TwiML answer as Twilio
 * would (speaking {@code <Say>}, waiting at {@code <Gather>}, following {@code <Redirect>}, ringing
 * at {@code <Dial>}, stopping at {@code <Hangup>}) and keeps what the caller heard.
 */
public final class SimulatedCall {

  /** Where the call stands after its last answer. */
  public enum State {
    NEW,
    GATHERING,
    DIALLING,
    HUNG_UP,
    ERROR
  }

  /**
   * A leg the {@code <Dial>} rings.
   *
   * @param kind {@code client} or {@code number}
   * @param target the client identity or E.164 number
   * @param parameters a client's {@code <Parameter>}s, by name
   * @param url a number's whisper URL, or {@code null}
   */
  public record Leg(String kind, String target, Map<String, String> parameters, String url) {}

  private final SimulatedTwilio twilio;
  private final String sid;
  private final String from;
  private final String to;
  private final Map<String, String> extra = new LinkedHashMap<>();
  private final List<String> heard = new ArrayList<>();
  private State state = State.NEW;
  private String gatherAction;
  private Map<String, String> gatherAttributes = Map.of();
  private final List<String> sayLanguages = new ArrayList<>();
  private String dialAction;
  private final List<Leg> legs = new ArrayList<>();
  private SimulatedTwilio.Reply lastReply;

  SimulatedCall(SimulatedTwilio twilio, String sid, String from, String to) {
    this.twilio = twilio;
    this.sid = sid;
    this.from = from;
    this.to = to;
  }

  /** Adds a parameter to every request of this call, such as {@code StirVerstat}. */
  public SimulatedCall with(String name, String value) {
    extra.put(name, value);
    return this;
  }

  /** Rings the service: posts the incoming-call webhook and follows the answer. */
  public SimulatedCall place() {
    return follow(twilio.post("/twilio/voice", params("ringing")));
  }

  /** Types digits at the waiting {@code <Gather>} (sent raw, as Twilio would pass them). */
  public SimulatedCall press(String digits) {
    requireGathering();
    Map<String, String> params = params("in-progress");
    params.put("Digits", digits);
    params.put("FinishedOnKey", "");
    return follow(twilio.post(gatherAction, params));
  }

  /**
   * Speaks at the waiting {@code <Gather>}, as Twilio reports what its recogniser heard.
   *
   * @param confidence Twilio's {@code Confidence} (0.0 to 1.0), or {@code null} to send none
   */
  public SimulatedCall speak(String transcript, String confidence) {
    requireGathering();
    Map<String, String> params = params("in-progress");
    params.put("SpeechResult", transcript);
    if (confidence != null) {
      params.put("Confidence", confidence);
    }
    return follow(twilio.post(gatherAction, params));
  }

  /** Lets the waiting {@code <Gather>} time out with nothing typed. */
  public SimulatedCall silence() {
    requireGathering();
    return follow(twilio.post(gatherAction, params("in-progress")));
  }

  /** Posts the same request as the last {@code press}, as Twilio does when it retries. */
  public SimulatedTwilio.Reply repost(String url, Map<String, String> params) {
    return twilio.post(url, params);
  }

  /** What a technician who answers on {@code number} hears before being put through. */
  public List<String> whisperFor(String number) {
    Leg leg =
        legs.stream()
            .filter(l -> l.target().equals(number) && l.url() != null)
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("no number leg " + number));
    Map<String, String> params = params("in-progress");
    params.put("CallSid", "CA" + sid.substring(2, 20) + "00000000000000");
    params.put("ParentCallSid", sid);
    params.put("Direction", "outbound-dial");
    SimulatedTwilio.Reply reply = twilio.post(leg.url(), params);
    return says(parse(reply.body()).getDocumentElement());
  }

  /** Ends the dial as Twilio reports it, with {@code DialCallStatus}, and follows the answer. */
  public SimulatedCall dialEnded(String dialStatus) {
    Map<String, String> params = params("in-progress");
    params.put("DialCallStatus", dialStatus);
    return follow(twilio.post(dialAction, params));
  }

  /** Posts the status callback Twilio sends when the call ends. */
  public SimulatedTwilio.Reply hangUp() {
    state = State.HUNG_UP;
    Map<String, String> params = params("completed");
    params.put("CallDuration", "42");
    return twilio.post("/twilio/voice/status", params);
  }

  /** The parameters Twilio sends for this call now. */
  public Map<String, String> params(String status) {
    Map<String, String> params = twilio.callParams(this, status);
    params.putAll(extra);
    return params;
  }

  private SimulatedCall follow(SimulatedTwilio.Reply reply) {
    lastReply = reply;
    if (reply.status() != 200) {
      state = State.ERROR;
      return this;
    }
    Element root = parse(reply.body()).getDocumentElement();
    for (Element verb : children(root)) {
      switch (verb.getTagName()) {
        case "Say":
          heard.add(verb.getTextContent().trim());
          sayLanguages.add(verb.getAttribute("language"));
          break;
        case "Gather":
          heard.addAll(says(verb));
          for (Element say : children(verb)) {
            sayLanguages.add(say.getAttribute("language"));
          }
          gatherAction = verb.getAttribute("action");
          gatherAttributes = attributes(verb);
          state = State.GATHERING;
          return this;
        case "Redirect":
          return follow(twilio.post(verb.getTextContent().trim(), params("in-progress")));
        case "Dial":
          dial(verb);
          return this;
        case "Hangup":
          state = State.HUNG_UP;
          return this;
        default:
          break;
      }
    }
    state = State.HUNG_UP;
    return this;
  }

  private void dial(Element verb) {
    legs.clear();
    dialAction = verb.getAttribute("action");
    for (Element noun : children(verb)) {
      if (noun.getTagName().equals("Client")) {
        Map<String, String> parameters = new LinkedHashMap<>();
        String identity = noun.getTextContent().trim();
        for (Element p : children(noun)) {
          if (p.getTagName().equals("Parameter")) {
            parameters.put(p.getAttribute("name"), p.getAttribute("value"));
          } else if (p.getTagName().equals("Identity")) {
            identity = p.getTextContent().trim();
          }
        }
        legs.add(new Leg("client", identity, parameters, null));
      } else if (noun.getTagName().equals("Number")) {
        String url = noun.getAttribute("url");
        legs.add(
            new Leg("number", noun.getTextContent().trim(), Map.of(), url.isEmpty() ? null : url));
      }
    }
    state = State.DIALLING;
  }

  private static Map<String, String> attributes(Element element) {
    Map<String, String> attributes = new LinkedHashMap<>();
    for (int i = 0; i < element.getAttributes().getLength(); i++) {
      Node a = element.getAttributes().item(i);
      attributes.put(a.getNodeName(), a.getNodeValue());
    }
    return attributes;
  }

  private static List<String> says(Element parent) {
    List<String> texts = new ArrayList<>();
    for (Element e : children(parent)) {
      if (e.getTagName().equals("Say")) {
        texts.add(e.getTextContent().trim());
      }
    }
    return texts;
  }

  private static List<Element> children(Element parent) {
    List<Element> list = new ArrayList<>();
    NodeList nodes = parent.getChildNodes();
    for (int i = 0; i < nodes.getLength(); i++) {
      if (nodes.item(i).getNodeType() == Node.ELEMENT_NODE) {
        list.add((Element) nodes.item(i));
      }
    }
    return list;
  }

  private static Document parse(String xml) {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      return factory.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
    } catch (Exception e) {
      throw new IllegalStateException("not TwiML: " + xml, e);
    }
  }

  private void requireGathering() {
    if (state != State.GATHERING) {
      throw new IllegalStateException("the call is not waiting for digits but " + state);
    }
  }

  public String sid() {
    return sid;
  }

  public String from() {
    return from;
  }

  public String to() {
    return to;
  }

  /** Everything the caller heard so far, one entry per {@code <Say>}. */
  public List<String> heard() {
    return List.copyOf(heard);
  }

  /** The last thing the caller heard. */
  public String lastHeard() {
    return heard.isEmpty() ? "" : heard.get(heard.size() - 1);
  }

  public State state() {
    return state;
  }

  /** The legs the last {@code <Dial>} rings. */
  public List<Leg> legs() {
    return List.copyOf(legs);
  }

  /** The URL the waiting {@code <Gather>} posts to. */
  public String gatherAction() {
    return gatherAction;
  }

  /**
   * The attributes of the last {@code <Gather>}: {@code input}, {@code language}, {@code hints}.
   */
  public Map<String, String> gatherAttributes() {
    return gatherAttributes;
  }

  /** The {@code language} of every {@code <Say>} so far, in order. */
  public List<String> sayLanguages() {
    return List.copyOf(sayLanguages);
  }

  /** The last reply the service gave. */
  public SimulatedTwilio.Reply lastReply() {
    return lastReply;
  }
}

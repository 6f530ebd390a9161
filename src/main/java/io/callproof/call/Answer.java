package io.callproof.call;

import io.callproof.flow.LineAction;
import io.callproof.route.Badge;
import io.callproof.route.Technician;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the line must do for one turn of a call, with everything an adapter needs to render it: the
 * badge and, when the call is routed, the technicians to ring. Answers are stored, so that a
 * retried request gets the same answer again.
 *
 * @param turn the turn this answers; the line quotes it back with the caller's next input
 * @param actions says, then one gather, connect or hangup
 * @param badge the caller's badge as it stands after this turn
 * @param technicians for a connect, the technicians to ring; otherwise empty
 */
public record Answer(
    int turn, List<LineAction> actions, Badge badge, List<Technician> technicians) {

  public Answer {
    actions = List.copyOf(actions);
    technicians = List.copyOf(technicians);
  }

  /** The last action: what the line does once the says are spoken. */
  public LineAction ending() {
    return actions.get(actions.size() - 1);
  }

  JsonObject toJson() {
    JsonArray list = new JsonArray();
    for (LineAction action : actions) {
      list.add(actionJson(action));
    }
    JsonArray techs = new JsonArray();
    for (Technician t : technicians) {
      techs.add(
          new JsonObject()
              .put("id", t.id())
              .put("name", t.name())
              .put("client", t.clientIdentity())
              .put("phone", t.phone())
              .put("sip", t.sipEndpoint()));
    }
    return new JsonObject()
        .put("turn", turn)
        .put("actions", list)
        .put("badge", new JsonObject(new HashMap<>(badge.fields())))
        .put("technicians", techs);
  }

  private static JsonObject actionJson(LineAction action) {
    if (action instanceof LineAction.Say say) {
      return new JsonObject().put("say", say.prompt()).put("params", params(say.params()));
    }
    if (action instanceof LineAction.Gather gather) {
      return new JsonObject()
          .put("gather", gather.prompt())
          .put("params", params(gather.params()))
          .put("maxDigits", gather.maxDigits())
          .put("speech", gather.speech())
          .put("hints", new JsonArray(new ArrayList<>(gather.hints())))
          .put("locale", gather.locale());
    }
    if (action instanceof LineAction.Connect connect) {
      return new JsonObject()
          .put("connect", connect.queue())
          .put("technician", connect.technicianId());
    }
    return new JsonObject().put("hangup", true);
  }

  private static JsonObject params(Map<String, String> params) {
    return new JsonObject(new HashMap<>(params));
  }

  static Answer fromJson(JsonObject json) {
    List<LineAction> actions = new ArrayList<>();
    for (Object o : json.getJsonArray("actions")) {
      JsonObject a = (JsonObject) o;
      if (a.containsKey("say")) {
        actions.add(new LineAction.Say(a.getString("say"), strings(a.getJsonObject("params"))));
      } else if (a.containsKey("gather")) {
        actions.add(
            new LineAction.Gather(
                a.getString("gather"),
                strings(a.getJsonObject("params")),
                a.getInteger("maxDigits"),
                a.getBoolean("speech", false),
                hints(a.getJsonArray("hints")),
                a.getString("locale")));
      } else if (a.containsKey("connect")) {
        actions.add(new LineAction.Connect(a.getString("connect"), a.getString("technician")));
      } else {
        actions.add(new LineAction.Hangup());
      }
    }
    List<Technician> techs = new ArrayList<>();
    for (Object o : json.getJsonArray("technicians")) {
      JsonObject t = (JsonObject) o;
      techs.add(
          new Technician(
              t.getString("id"),
              t.getString("name"),
              t.getString("client"),
              t.getString("phone"),
              t.getString("sip")));
    }
    return new Answer(
        json.getInteger("turn"),
        actions,
        Badge.fromFields(json.getJsonObject("badge").getMap()),
        techs);
  }

  private static List<String> hints(JsonArray json) {
    List<String> hints = new ArrayList<>();
    if (json != null) {
      json.forEach(h -> hints.add(String.valueOf(h)));
    }
    return hints;
  }

  private static Map<String, String> strings(JsonObject json) {
    Map<String, String> map = new HashMap<>();
    json.forEach(e -> map.put(e.getKey(), String.valueOf(e.getValue())));
    return map;
  }
}

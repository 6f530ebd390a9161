package io.callproof.flow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Reads flow files and refuses any with a mistake, naming the file, the step and the fix. All
 * mistakes of all files are reported together, so that one start-up shows everything to mend.
 */
public final class FlowLoader {

  private static final Set<String> STEP_KEYS = Set.of("do", "prompt", "next", "queue", "to");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final Predicate<String> promptExists;
  private final String catalogName;
  private final Set<String> intents;

  /**
   * @param promptExists whether the prompt catalog has a prompt of that key
   * @param catalogName where prompts live, for messages (such as {@code ivr/en-US.yaml})
   */
  public FlowLoader(Predicate<String> promptExists, String catalogName) {
    this(promptExists, catalogName, Set.of("other"));
  }

  /**
   * @param promptExists whether every locale's prompt catalog has a prompt of that key
   * @param catalogName where prompts live, for messages (such as {@code ivr/en-US.yaml})
   * @param intents the intents callers can say, each an outcome of an {@code ask-intent} step
   */
  public FlowLoader(Predicate<String> promptExists, String catalogName, Set<String> intents) {
    this.promptExists = promptExists;
    this.catalogName = catalogName;
    this.intents = Set.copyOf(intents);
  }

  /**
   * Loads every {@code *.yaml} file of a folder.
   *
   * @return the flows by name (the file name without {@code .yaml})
   * @throws FlowError listing every mistake found
   */
  public Map<String, Flow> loadFolder(Path folder) throws IOException {
    List<Path> files;
    try (Stream<Path> listing = Files.list(folder)) {
      files = listing.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    if (files.isEmpty()) {
      throw new FlowError(List.of(folder + ": no flow files (*.yaml) found"));
    }
    Map<String, Flow> flows = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    for (Path file : files) {
      String name = file.getFileName().toString().replaceFirst("\\.yaml$", "");
      try {
        flows.put(name, parse(name, folder.getFileName() + "/" + file.getFileName(), read(file)));
      } catch (FlowError e) {
        problems.addAll(e.problems());
      }
    }
    if (!problems.isEmpty()) {
      throw new FlowError(problems);
    }
    return flows;
  }

  private static String read(Path file) throws IOException {
    return Files.readString(file);
  }

  /**
   * Parses one flow from YAML text.
   *
   * @param name the flow's name
   * @param source where the text came from, for messages
   * @throws FlowError listing every mistake found
   */
  public Flow parse(String name, String source, String yaml) {
    JsonNode root;
    try {
      root = YAML.readTree(yaml);
    } catch (JsonProcessingException e) {
      throw new FlowError(List.of(source + ": not valid YAML: " + e.getOriginalMessage()));
    }
    List<String> problems = new ArrayList<>();
    if (root == null || !root.isObject()) {
      throw new FlowError(List.of(source + ": expected a mapping with 'start' and 'steps'"));
    }
    JsonNode stepsNode = root.path("steps");
    if (!stepsNode.isObject() || stepsNode.isEmpty()) {
      throw new FlowError(List.of(source + ": no steps (add a 'steps:' mapping of named steps)"));
    }
    Map<String, Step> steps = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = stepsNode.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      Step step = parseStep(source, entry.getKey(), entry.getValue(), problems);
      if (step != null) {
        steps.put(step.name(), step);
      }
    }
    String start = root.path("start").asText(null);
    if (start == null) {
      problems.add(source + ": no start step (add 'start: <step>' naming the first step)");
    } else if (!stepsNode.has(start)) {
      problems.add(
          source
              + ": start step '"
              + start
              + "' does not exist (expected one of: "
              + String.join(", ", steps.keySet())
              + ")");
    }
    if (problems.isEmpty()) {
      checkLinks(source, steps, problems);
    }
    if (problems.isEmpty()) {
      checkReachable(source, start, steps, problems);
      checkNoSilentLoop(source, steps, problems);
    }
    if (!problems.isEmpty()) {
      throw new FlowError(problems);
    }
    return new Flow(name, source, start, steps);
  }

  private Step parseStep(String source, String name, JsonNode node, List<String> problems) {
    String where = source + ": step '" + name + "'";
    if (!node.isObject()) {
      problems.add(where + ": expected a mapping with 'do' and 'next'");
      return null;
    }
    int before = problems.size();
    node.fieldNames()
        .forEachRemaining(
            key -> {
              if (!STEP_KEYS.contains(key)) {
                problems.add(
                    where
                        + ": unknown key '"
                        + key
                        + "' (expected one of: "
                        + String.join(", ", new java.util.TreeSet<>(STEP_KEYS))
                        + ")");
              }
            });
    String kindName = node.path("do").asText("");
    StepKind kind = StepKind.byYamlName(kindName).orElse(null);
    if (kind == null) {
      problems.add(
          where
              + ": unknown kind 'do: "
              + kindName
              + "' (expected one of: "
              + StepKind.allYamlNames()
              + ")");
      return null;
    }
    String prompt = node.path("prompt").asText(null);
    if (kind.needsPrompt() && prompt == null) {
      problems.add(where + ": a " + kind.yamlName() + " step needs 'prompt: <key>'");
    } else if (prompt != null && !promptExists.test(prompt)) {
      problems.add(
          where
              + ": missing prompt '"
              + prompt
              + "' (add it to "
              + catalogName
              + " or fix the name)");
    }
    String queue = node.path("queue").asText(null);
    if (kind == StepKind.ROUTE && queue == null) {
      problems.add(where + ": a route step needs 'queue: <name>' (such as 'queue: helpdesk')");
    }
    String to = node.path("to").asText(null);
    if (to != null && kind != StepKind.ROUTE) {
      problems.add(where + ": only a route step takes 'to'; remove it");
    } else if (to != null && !"last-caller".equals(to)) {
      problems.add(where + ": unknown 'to: " + to + "' (expected last-caller)");
    }
    Map<String, String> next = parseNext(where, kind, node.get("next"), problems);
    return problems.size() == before ? new Step(name, kind, prompt, next, queue, to) : null;
  }

  private Map<String, String> parseNext(
      String where, StepKind kind, JsonNode node, List<String> problems) {
    Map<String, String> next = new LinkedHashMap<>();
    List<String> outcomes = outcomes(kind);
    if (kind.isTerminal()) {
      if (node != null) {
        problems.add(where + ": a " + kind.yamlName() + " step ends the flow; remove 'next'");
      }
      return next;
    }
    if (node == null) {
      problems.add(where + ": no 'next' (name the step after each of: " + join(outcomes) + ")");
    } else if (node.isTextual() && outcomes.size() == 1) {
      next.put(outcomes.get(0), node.asText());
    } else if (node.isObject()) {
      node.fields()
          .forEachRemaining(
              e -> {
                if (!outcomes.contains(e.getKey())) {
                  problems.add(
                      where
                          + ": unknown outcome '"
                          + e.getKey()
                          + "' (expected one of: "
                          + join(outcomes)
                          + ")");
                } else {
                  next.put(e.getKey(), e.getValue().asText());
                }
              });
      for (String outcome : outcomes) {
        if (!node.has(outcome)) {
          problems.add(
              where
                  + ": outcome '"
                  + outcome
                  + "' has no next step (add '"
                  + outcome
                  + ": <step>' under 'next')");
        }
      }
    } else {
      problems.add(where + ": 'next' must map each outcome to a step (" + join(outcomes) + ")");
    }
    return next;
  }

  /** A kind's outcomes; an {@code ask-intent} step also has one for each intent. */
  private List<String> outcomes(StepKind kind) {
    if (kind != StepKind.ASK_INTENT) {
      return kind.outcomes();
    }
    List<String> all = new ArrayList<>(new java.util.TreeSet<>(intents));
    all.addAll(kind.outcomes());
    return all;
  }

  private static void checkLinks(String source, Map<String, Step> steps, List<String> problems) {
    for (Step step : steps.values()) {
      step.next()
          .forEach(
              (outcome, target) -> {
                if (!steps.containsKey(target)) {
                  problems.add(
                      source
                          + ": step '"
                          + step.name()
                          + "': outcome '"
                          + outcome
                          + "' leads to unknown step '"
                          + target
                          + "' (expected one of: "
                          + join(steps.keySet())
                          + ")");
                }
              });
    }
  }

  private static void checkReachable(
      String source, String start, Map<String, Step> steps, List<String> problems) {
    Set<String> seen = new HashSet<>();
    Deque<String> todo = new ArrayDeque<>(List.of(start));
    while (!todo.isEmpty()) {
      String name = todo.pop();
      if (seen.add(name)) {
        todo.addAll(steps.get(name).next().values());
      }
    }
    for (String name : steps.keySet()) {
      if (!seen.contains(name)) {
        problems.add(
            source
                + ": step '"
                + name
                + "' is never reached from '"
                + start
                + "' (lead an outcome to it, or remove it)");
      }
    }
  }

  /** A loop through steps that never wait for the caller would spin without end. */
  private static void checkNoSilentLoop(
      String source, Map<String, Step> steps, List<String> problems) {
    Set<String> done = new HashSet<>();
    for (String name : steps.keySet()) {
      String loop = findSilentLoop(name, steps, new ArrayList<>(), done);
      if (loop != null) {
        problems.add(
            source
                + ": step '"
                + name
                + "': loop "
                + loop
                + " never waits for the caller (put a step that waits, such as ask-code, in it)");
        return;
      }
    }
  }

  private static String findSilentLoop(
      String name, Map<String, Step> steps, List<String> path, Set<String> done) {
    if (path.contains(name)) {
      List<String> loop = new ArrayList<>(path.subList(path.indexOf(name), path.size()));
      loop.add(name);
      return String.join(" -> ", loop);
    }
    Step step = steps.get(name);
    if (done.contains(name) || step.kind().waits()) {
      return null;
    }
    path.add(name);
    for (String target : step.next().values()) {
      String loop = findSilentLoop(target, steps, path, done);
      if (loop != null) {
        return loop;
      }
    }
    path.remove(path.size() - 1);
    done.add(name);
    return null;
  }

  private static String join(Iterable<String> names) {
    return String.join(", ", names);
  }
}

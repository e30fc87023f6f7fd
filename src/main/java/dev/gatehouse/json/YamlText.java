package dev.gatehouse.json;

import dev.gatehouse.error.FieldError;
import dev.gatehouse.error.ValidationException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * YAML for workspace documents (docs/api.md#export-and-import), read as hostile input: one document
 * of plain maps, lists, strings, numbers, booleans and null ({@link Json#toJava}'s form), nothing
 * else (docs/security.md#export-and-import). SnakeYAML only composes the node tree (its parser
 * limits nesting, code points and aliases); the values are built here, never by its constructors,
 * so no tag, timestamp, octal number, merge key or repeated node turns into anything unexpected.
 */
public final class YamlText {
  private YamlText() {}

  /** Nesting deeper than this is refused (as JSON bodies are, {@link Json#MAX_DEPTH}). */
  public static final int MAX_DEPTH = 64;

  /**
   * A plain scalar that reads as a number: JSON's number grammar (YAML 1.2's core schema without
   * octal, hexadecimal, {@code .inf} or {@code .nan}). Anything else plain is a string.
   */
  private static final Pattern NUMBER =
      Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][-+]?[0-9]+)?");

  private static final Pattern BOOLEAN = Pattern.compile("true|True|TRUE|false|False|FALSE");
  private static final Pattern NULL = Pattern.compile("~|null|Null|NULL|");

  /**
   * Reads one YAML document from UTF-8 bytes of at most {@code maxCodePoints} characters.
   *
   * @throws ValidationException naming the line and column (or the pointer) of the first problem
   */
  public static Object parseUntrusted(byte[] utf8, int maxCodePoints) {
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(utf8))
              .toString();
    } catch (CharacterCodingException e) {
      throw new ValidationException("", "the YAML document is not valid UTF-8");
    }
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    options.setMaxAliasesForCollections(10);
    options.setAllowRecursiveKeys(false);
    options.setNestingDepthLimit(MAX_DEPTH);
    options.setCodePointLimit(Math.max(1, maxCodePoints));
    options.setProcessComments(false);
    options.setMergeOnCompose(false);
    options.setTagInspector(tag -> false);
    Yaml yaml =
        new Yaml(
            new SafeConstructor(options),
            new Representer(new DumperOptions()),
            new DumperOptions(),
            options,
            new PlainResolver());
    List<Node> documents = new ArrayList<>();
    try {
      for (Node n : yaml.composeAll(new StringReader(text))) {
        documents.add(n);
        if (documents.size() > 1) {
          throw refused(n.getStartMark(), "only one YAML document is accepted, not several");
        }
      }
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      String problem = e.getProblem() != null ? e.getProblem() : e.getContext();
      throw refused(mark, problem == null ? "it cannot be read" : problem);
    } catch (YAMLException e) {
      // The code-point limit and the alias limit throw without a mark.
      throw new ValidationException("", "the YAML document is refused: " + e.getMessage());
    }
    if (documents.isEmpty()) {
      throw new ValidationException("", "the YAML document is empty");
    }
    return new Builder().value(documents.get(0), "", 0);
  }

  /** Turns the composed nodes into plain Java values, refusing what a document must not hold. */
  private static final class Builder {
    private final Map<Node, Boolean> seen = new IdentityHashMap<>();

    Object value(Node node, String pointer, int depth) {
      if (depth > MAX_DEPTH) {
        throw refused(node.getStartMark(), "nested deeper than " + MAX_DEPTH + " levels");
      }
      if (seen.put(node, Boolean.TRUE) != null) {
        // An alias (*name) repeats a node: refused rather than counted, so no document can make
        // a small text expand into a large value ("billion laughs").
        Mark m = node.getStartMark();
        throw new ValidationException(
            pointer,
            "the YAML document is refused: aliases (*name) are not accepted (this one repeats the"
                + " node anchored at line "
                + (m == null ? "?" : String.valueOf(m.getLine() + 1))
                + ")");
      }
      if (node.getNodeId() == NodeId.mapping && Tag.MAP.equals(node.getTag())) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (NodeTuple t : ((MappingNode) node).getValue()) {
          if (!(t.getKeyNode() instanceof ScalarNode k) || !Tag.STR.equals(k.getTag())) {
            throw refused(t.getKeyNode().getStartMark(), "a key must be a plain string", pointer);
          }
          String name = k.getValue();
          if (map.containsKey(name)) {
            throw refused(k.getStartMark(), "duplicate key '" + name + "'", pointer);
          }
          map.put(
              name, value(t.getValueNode(), pointer + "/" + FieldError.escape(name), depth + 1));
        }
        return map;
      }
      if (node.getNodeId() == NodeId.sequence && Tag.SEQ.equals(node.getTag())) {
        List<Object> list = new ArrayList<>();
        List<Node> items = ((SequenceNode) node).getValue();
        for (int i = 0; i < items.size(); i++) {
          list.add(value(items.get(i), pointer + "/" + i, depth + 1));
        }
        return list;
      }
      if (node instanceof ScalarNode s && Tag.STR.equals(s.getTag())) {
        return s.isPlain() ? plain(s, pointer) : s.getValue();
      }
      throw refused(
          node.getStartMark(),
          "tags (" + node.getTag().getValue() + ") are not accepted: plain values only",
          pointer);
    }

    private static Object plain(ScalarNode s, String pointer) {
      String v = s.getValue();
      if (NULL.matcher(v).matches()) {
        return null;
      }
      if (BOOLEAN.matcher(v).matches()) {
        return Boolean.valueOf(v.toLowerCase(java.util.Locale.ROOT));
      }
      if (NUMBER.matcher(v).matches()) {
        if (v.length() > Json.MAX_NUMBER_CHARS) {
          throw new ValidationException(
              pointer,
              "a number may be at most " + Json.MAX_NUMBER_CHARS + " characters long and in range");
        }
        try {
          return new BigDecimal(v);
        } catch (NumberFormatException | ArithmeticException e) {
          throw new ValidationException(
              pointer,
              "a number may be at most " + Json.MAX_NUMBER_CHARS + " characters long and in range");
        }
      }
      return v;
    }
  }

  /**
   * Every plain scalar resolves to a string here and {@link Builder#plain} decides what it is; an
   * explicit tag keeps its own name and is refused.
   */
  private static final class PlainResolver extends Resolver {
    @Override
    protected void addImplicitResolvers() {
      // None: no YAML 1.1 booleans (yes/no/on/off), timestamps, octal or sexagesimal numbers.
    }

    @Override
    public Tag resolve(NodeId kind, String value, boolean implicit) {
      return switch (kind) {
        case scalar -> Tag.STR;
        case sequence -> Tag.SEQ;
        default -> Tag.MAP;
      };
    }
  }

  private static ValidationException refused(Mark mark, String problem) {
    return refused(mark, problem, "");
  }

  private static ValidationException refused(Mark mark, String problem, String pointer) {
    String where =
        mark == null
            ? ""
            : " at line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1);
    return new ValidationException(
        pointer, "the YAML document is refused" + where + ": " + problem);
  }

  /**
   * Writes plain Java values ({@link Json#toJava}'s form) as one block-style YAML document: keys in
   * their map order, no anchors or aliases, strings quoted whenever a plain scalar would read as
   * something else, control characters escaped. {@link #parseUntrusted} reads it back equal.
   */
  public static String write(Object value) {
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    options.setIndent(2);
    options.setIndicatorIndent(2);
    options.setIndentWithIndicator(true);
    options.setWidth(Integer.MAX_VALUE);
    options.setSplitLines(false);
    options.setAllowUnicode(true);
    options.setDereferenceAliases(true);
    options.setNonPrintableStyle(DumperOptions.NonPrintableStyle.ESCAPE);
    options.setLineBreak(DumperOptions.LineBreak.UNIX);
    Yaml yaml = new Yaml(new Representer(options), options);
    return yaml.dump(dumpable(value));
  }

  /** Numbers as SnakeYAML writes them plainly: integers as BigInteger, others as BigDecimal. */
  private static Object dumpable(Object value) {
    if (value instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, v) -> out.put(String.valueOf(k), dumpable(v)));
      return out;
    }
    if (value instanceof List<?> l) {
      List<Object> out = new ArrayList<>(l.size());
      l.forEach(v -> out.add(dumpable(v)));
      return out;
    }
    if (value instanceof BigDecimal d) {
      // Only a number of few digits becomes an integer: 1e999999999 stays as written.
      BigDecimal s = d.signum() == 0 ? BigDecimal.ZERO : d.stripTrailingZeros();
      if (s.scale() <= 0 && s.precision() - s.scale() <= Json.MAX_NUMBER_CHARS) {
        return s.toBigIntegerExact();
      }
      return d;
    }
    if (value instanceof Integer || value instanceof Long || value instanceof Short) {
      return BigInteger.valueOf(((Number) value).longValue());
    }
    return value;
  }
}

package dev.bulwark.scan;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.comments.CommentLine;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.composer.ComposerException;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.Parser;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;

/**
 * SnakeYAML's composer ({@link GoYamlResolver} for implicit tags) with two rules of go-yaml's
 * parser: an alias stays a node of its own ({@link Alias}), since go-yaml counts alias nodes
 * against its alias budget and refuses an anchor whose value holds its own alias; and a scalar with
 * the non-specific tag {@code !} is a string (the merge key {@code <<} excepted), where SnakeYAML
 * would resolve it. Single use: one composer reads the first document of one text.
 */
final class GoYamlComposer extends Composer {

  /** The node an anchor names, set once that node is composed. */
  private static final class Anchored {
    private Node node;
  }

  /** An alias, pointing at the node its anchor named when it was read. */
  static final class Alias extends Node {
    private final Anchored target;

    Alias(Anchored target, Mark mark) {
      super(Tag.STR, mark, mark);
      this.target = target;
    }

    /** The anchored node (complete once the document is composed). */
    Node target() {
      return target.node;
    }

    @Override
    public NodeId getNodeId() {
      return NodeId.anchor;
    }
  }

  /** go-yaml's "unknown anchor referenced", at the alias. */
  private static final class UnknownAnchor extends ComposerException {
    UnknownAnchor(Mark mark) {
      super("an alias names an unknown anchor", mark);
    }
  }

  private final Map<String, Anchored> anchors = new HashMap<>();
  private final Events events;
  private final String text;
  private final boolean bmpOnly;

  private GoYamlComposer(Events events, LoaderOptions options, String text) {
    super(events, GoYamlResolver.INSTANCE, options);
    this.events = events;
    this.text = text;
    this.bmpOnly = text.length() == text.codePointCount(0, text.length());
  }

  /** A composer of {@code text}: no size limit but a nesting depth of 10,000, as go-yaml has. */
  static GoYamlComposer of(String text) {
    LoaderOptions options = new LoaderOptions();
    options.setCodePointLimit(Integer.MAX_VALUE);
    options.setMaxAliasesForCollections(Integer.MAX_VALUE); // GoYamlJson keeps go-yaml's budget
    options.setNestingDepthLimit(10_000);
    options.setTagInspector(tag -> true); // tags name no Java classes here
    return new GoYamlComposer(
        new Events(new ParserImpl(new StreamReader(text), options)), options, text);
  }

  /** Whether the parser is inside a flow collection (go-yaml reads tabs there as blanks). */
  boolean inFlow() {
    return Boolean.TRUE.equals(events.flow.peek()); // a flow collection holds no block ones
  }

  @Override
  protected Node composeScalarNode(String anchor, List<CommentLine> comments) {
    Event event = parser.peekEvent();
    if (event instanceof AliasEvent alias) {
      parser.getEvent();
      Anchored target = anchors.get(anchor);
      if (target == null) {
        throw new UnknownAnchor(alias.getStartMark());
      }
      return new Alias(target, alias.getStartMark());
    }
    ScalarEvent scalar = (ScalarEvent) event;
    if (inFlow() && scalar.isPlain()) {
      GoYamlRereads.checkColonEnd(text, bmpOnly, scalar);
    }
    Node node = super.composeScalarNode(anchor, comments);
    if ("!".equals(scalar.getTag()) && !node.getTag().equals(Tag.MERGE)) {
      node.setTag(Tag.STR);
    }
    return filled(holder(anchor), node);
  }

  @Override
  protected Node composeSequenceNode(String anchor) {
    Anchored holder = holder(anchor); // before the children: an alias among them may name it
    return filled(holder, super.composeSequenceNode(anchor));
  }

  @Override
  protected Node composeMappingNode(String anchor) {
    Anchored holder = holder(anchor);
    return filled(holder, super.composeMappingNode(anchor));
  }

  /** Registers {@code anchor} (null: none), to be filled once its node is composed. */
  private Anchored holder(String anchor) {
    if (anchor == null) {
      return null;
    }
    Anchored holder = new Anchored();
    anchors.put(anchor, holder);
    return holder;
  }

  private static Node filled(Anchored holder, Node node) {
    if (holder != null) {
      holder.node = node;
    }
    return node;
  }

  /**
   * The parser's events, with an alias presented as a scalar so that {@link #composeScalarNode}
   * sees it, and the flow collections open so far.
   */
  private static final class Events implements Parser {
    private final Parser parser;
    private final Deque<Boolean> flow = new ArrayDeque<>();

    Events(Parser parser) {
      this.parser = parser;
    }

    @Override
    public boolean checkEvent(Event.ID choice) {
      Event next = parser.peekEvent();
      return next != null
          && (next instanceof AliasEvent ? choice == Event.ID.Scalar : next.is(choice));
    }

    @Override
    public Event peekEvent() {
      return parser.peekEvent();
    }

    @Override
    public Event getEvent() {
      Event event = parser.getEvent();
      if (event instanceof CollectionStartEvent start) {
        flow.push(start.isFlow());
      } else if (event.is(Event.ID.MappingEnd) || event.is(Event.ID.SequenceEnd)) {
        flow.pop();
      }
      return event;
    }
  }
}

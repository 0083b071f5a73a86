// Lowers a tree-sitter-python concrete syntax tree into the shared syntax tree, and collects the
// facts the middle layer needs: imports, module-level names, classes and what each call means.
#include "ffquant/python/PythonFrontend.h"

#include <tree_sitter/api.h>

#include <cstring>
#include <filesystem>
#include <functional>
#include <set>

extern "C" const TSLanguage* tree_sitter_python();

namespace ffquant::python {

using namespace ir;

namespace {

/// Owns a tree-sitter parse.
struct ParsedTree {
  TSParser* parser = ts_parser_new();
  TSTree* tree = nullptr;
  ~ParsedTree() {
    if (tree) ts_tree_delete(tree);
    ts_parser_delete(parser);
  }
};

bool typeIs(TSNode n, const char* type) { return std::strcmp(ts_node_type(n), type) == 0; }

/// Named children without comments. A cursor walks them in linear time (ts_node_named_child(i)
/// rescans from the first child, which is quadratic on a module with many classes).
std::vector<TSNode> namedChildren(TSNode n) {
  std::vector<TSNode> out;
  TSTreeCursor cursor = ts_tree_cursor_new(n);
  if (ts_tree_cursor_goto_first_child(&cursor)) {
    do {
      TSNode c = ts_tree_cursor_current_node(&cursor);
      if (ts_node_is_named(c) && !typeIs(c, "comment") && !typeIs(c, "line_continuation")) out.push_back(c);
    } while (ts_tree_cursor_goto_next_sibling(&cursor));
  }
  ts_tree_cursor_delete(&cursor);
  return out;
}

TSNode field(TSNode n, const char* name) {
  return ts_node_child_by_field_name(n, name, static_cast<uint32_t>(std::strlen(name)));
}

/// The first ERROR or MISSING node, for the syntax error diagnostic.
std::optional<TSNode> firstError(TSNode n) {
  if (ts_node_is_missing(n) || typeIs(n, "ERROR")) return n;
  if (!ts_node_has_error(n)) return std::nullopt;
  uint32_t count = ts_node_child_count(n);
  for (uint32_t i = 0; i < count; ++i)
    if (auto e = firstError(ts_node_child(n, i))) return e;
  return n;
}

/// tree-sitter accepts a compound statement whose block is empty (`if x:` followed by a line
/// that is not indented); Python does not.
std::optional<TSNode> firstEmptyBlock(TSNode n) {
  if (typeIs(n, "block") && namedChildren(n).empty()) return n;
  for (TSNode c : namedChildren(n))
    if (auto e = firstEmptyBlock(c)) return e;
  return std::nullopt;
}

class Lowering {
public:
  Lowering(SourceUnit& unit) : unit_(unit), text_(unit.text()), tree_(unit.tree) {}

  Node* module(TSNode root) {
    Node* module = tree_.make(Kind::Module, 0, static_cast<uint32_t>(text_.size()));
    Node* body = tree_.make(Kind::Block, 0, static_cast<uint32_t>(text_.size()));
    for (TSNode s : namedChildren(root)) addStatement(body, s);
    tree_.adopt(module, body, Role::Body);
    return module;
  }

private:
  Node* make(Kind k, TSNode n) { return tree_.make(k, ts_node_start_byte(n), ts_node_end_byte(n)); }
  std::string textOf(TSNode n) const {
    return text_.substr(ts_node_start_byte(n), ts_node_end_byte(n) - ts_node_start_byte(n));
  }

  Node* block(TSNode n) {
    Node* b = make(Kind::Block, n);
    for (TSNode s : namedChildren(n)) addStatement(b, s);
    // A block written on its header's line: the text before it on its line is not blank.
    uint32_t start = ts_node_start_byte(n);
    uint32_t lineStart = start;
    while (lineStart > 0 && text_[lineStart - 1] != '\n') --lineStart;
    for (uint32_t i = lineStart; i < start; ++i)
      if (text_[i] != ' ' && text_[i] != '\t') {
        b->flags |= BlockInline;
        break;
      }
    return b;
  }

  void addStatement(Node* blockNode, TSNode s) {
    if (Node* stmt = statement(s)) tree_.adopt(blockNode, stmt, Role::Statement);
  }

  Node* statement(TSNode n) {
    const char* type = ts_node_type(n);
    if (!std::strcmp(type, "expression_statement")) return expressionStatement(n);
    if (!std::strcmp(type, "return_statement")) return withExpressions(Kind::Return, n, Role::Value);
    if (!std::strcmp(type, "raise_statement")) return withExpressions(Kind::Raise, n, Role::Value);
    if (!std::strcmp(type, "pass_statement")) return make(Kind::Pass, n);
    if (!std::strcmp(type, "break_statement")) return make(Kind::Break, n);
    if (!std::strcmp(type, "continue_statement")) return make(Kind::Continue, n);
    if (!std::strcmp(type, "if_statement")) return ifStatement(n);
    if (!std::strcmp(type, "for_statement")) return forStatement(n);
    if (!std::strcmp(type, "while_statement")) return whileStatement(n);
    if (!std::strcmp(type, "try_statement")) return tryStatement(n);
    if (!std::strcmp(type, "with_statement")) return withStatement(n);
    if (!std::strcmp(type, "function_definition")) return functionDefinition(n, {});
    if (!std::strcmp(type, "class_definition")) return classDefinition(n, {});
    if (!std::strcmp(type, "decorated_definition")) return decoratedDefinition(n);
    if (!std::strcmp(type, "import_statement") || !std::strcmp(type, "import_from_statement") ||
        !std::strcmp(type, "future_import_statement"))
      return make(Kind::Import, n);
    // assert, del, global, nonlocal, print, exec, match...: keep the expressions for analysis.
    return withExpressions(Kind::OtherStmt, n, Role::Value);
  }

  Node* withExpressions(Kind kind, TSNode n, Role role) {
    Node* s = make(kind, n);
    for (TSNode c : namedChildren(n)) {
      if (typeIs(c, "block")) {
        tree_.adopt(s, block(c), Role::Body);
        continue;
      }
      tree_.adopt(s, expression(c), role);
    }
    return s;
  }

  Node* expressionStatement(TSNode n) {
    std::vector<TSNode> kids = namedChildren(n);
    if (kids.size() == 1 && typeIs(kids[0], "assignment")) return assignment(kids[0], n);
    if (kids.size() == 1 && typeIs(kids[0], "augmented_assignment")) {
      Node* s = make(Kind::AugAssign, n);
      std::string op = textOf(field(kids[0], "operator"));
      s->text = op.substr(0, op.size() - 1);
      tree_.adopt(s, expression(field(kids[0], "left")), Role::Target);
      tree_.adopt(s, expression(field(kids[0], "right")), Role::Value);
      return s;
    }
    Node* s = make(Kind::ExprStmt, n);
    if (kids.size() == 1) {
      tree_.adopt(s, expression(kids[0]), Role::Value);
    } else { // `a, b` as a statement is a tuple
      Node* tuple = make(Kind::Tuple, n);
      for (TSNode k : kids) tree_.adopt(tuple, expression(k), Role::Element);
      tree_.adopt(s, tuple, Role::Value);
    }
    return s;
  }

  /// `a = b = value`, `x: T = value`, `x: T`. The statement node spans `stmtNode`.
  Node* assignment(TSNode n, TSNode stmtNode) {
    TSNode type = field(n, "type");
    if (!ts_node_is_null(type)) {
      Node* s = make(Kind::AnnAssign, stmtNode);
      tree_.adopt(s, expression(field(n, "left")), Role::Target);
      tree_.adopt(s, make(Kind::Annotation, type), Role::Annotation);
      TSNode right = field(n, "right");
      if (!ts_node_is_null(right)) tree_.adopt(s, expression(right), Role::Value);
      return s;
    }
    Node* s = make(Kind::Assign, stmtNode);
    TSNode current = n;
    while (true) {
      tree_.adopt(s, expression(field(current, "left")), Role::Target);
      TSNode right = field(current, "right");
      if (typeIs(right, "assignment") && ts_node_is_null(field(right, "type"))) {
        current = right;
        continue;
      }
      tree_.adopt(s, expression(right), Role::Value);
      break;
    }
    return s;
  }

  Node* ifStatement(TSNode n) {
    Node* s = make(Kind::If, n);
    Node* first = tree_.make(Kind::IfBranch, ts_node_start_byte(n), ts_node_end_byte(field(n, "consequence")));
    tree_.adopt(first, expression(field(n, "condition")), Role::Test);
    tree_.adopt(first, block(field(n, "consequence")), Role::Body);
    tree_.adopt(s, first, Role::Branch);
    // (ts_node_field_name_for_child is unreliable in tree-sitter 0.20: select by node type.)
    for (TSNode alt : namedChildren(n)) {
      if (!typeIs(alt, "elif_clause") && !typeIs(alt, "else_clause")) continue;
      Node* branch = make(Kind::IfBranch, alt);
      if (typeIs(alt, "elif_clause")) {
        tree_.adopt(branch, expression(field(alt, "condition")), Role::Test);
        tree_.adopt(branch, block(field(alt, "consequence")), Role::Body);
        tree_.adopt(s, branch, Role::Branch);
      } else {
        tree_.adopt(branch, block(field(alt, "body")), Role::Body);
        tree_.adopt(s, branch, Role::Else);
      }
    }
    return s;
  }

  Node* elseBlock(TSNode elseClause) { return block(field(elseClause, "body")); }

  Node* forStatement(TSNode n) {
    Node* s = make(Kind::For, n);
    tree_.adopt(s, expression(field(n, "left")), Role::Target);
    tree_.adopt(s, expression(field(n, "right")), Role::Iter);
    tree_.adopt(s, block(field(n, "body")), Role::Body);
    TSNode alt = field(n, "alternative");
    if (!ts_node_is_null(alt)) tree_.adopt(s, elseBlock(alt), Role::Else);
    return s;
  }

  Node* whileStatement(TSNode n) {
    Node* s = make(Kind::While, n);
    tree_.adopt(s, expression(field(n, "condition")), Role::Test);
    tree_.adopt(s, block(field(n, "body")), Role::Body);
    TSNode alt = field(n, "alternative");
    if (!ts_node_is_null(alt)) tree_.adopt(s, elseBlock(alt), Role::Else);
    return s;
  }

  Node* tryStatement(TSNode n) {
    Node* s = make(Kind::Try, n);
    for (TSNode c : namedChildren(n)) {
      if (typeIs(c, "block")) {
        tree_.adopt(s, block(c), Role::Body);
      } else if (typeIs(c, "except_clause") || typeIs(c, "except_group_clause")) {
        Node* h = make(Kind::Handler, c);
        for (TSNode k : namedChildren(c)) {
          if (typeIs(k, "block")) tree_.adopt(h, block(k), Role::Body);
          else tree_.adopt(h, expression(k), Role::Value);
        }
        tree_.adopt(s, h, Role::Handler);
      } else if (typeIs(c, "else_clause")) {
        tree_.adopt(s, elseBlock(c), Role::Else);
      } else if (typeIs(c, "finally_clause")) {
        for (TSNode k : namedChildren(c))
          if (typeIs(k, "block")) tree_.adopt(s, block(k), Role::Finally);
      }
    }
    return s;
  }

  Node* withStatement(TSNode n) {
    Node* s = make(Kind::With, n);
    for (TSNode c : namedChildren(n)) {
      if (typeIs(c, "with_clause")) {
        for (TSNode item : namedChildren(c)) {
          Node* w = make(Kind::WithItem, item);
          TSNode value = field(item, "value");
          if (typeIs(value, "as_pattern")) {
            std::vector<TSNode> parts = namedChildren(value);
            tree_.adopt(w, expression(parts.at(0)), Role::Value);
            TSNode alias = field(value, "alias");
            if (!ts_node_is_null(alias)) {
              std::vector<TSNode> target = namedChildren(alias);
              tree_.adopt(w, expression(target.empty() ? alias : target[0]), Role::Target);
            }
          } else {
            tree_.adopt(w, expression(value), Role::Value);
          }
          tree_.adopt(s, w, Role::Item);
        }
      } else if (typeIs(c, "block")) {
        tree_.adopt(s, block(c), Role::Body);
      }
    }
    return s;
  }

  Node* decoratedDefinition(TSNode n) {
    std::vector<TSNode> decorators;
    for (TSNode c : namedChildren(n))
      if (typeIs(c, "decorator")) decorators.push_back(c);
    TSNode def = field(n, "definition");
    Node* d = typeIs(def, "class_definition") ? classDefinition(def, decorators)
                                               : functionDefinition(def, decorators);
    d->begin = ts_node_start_byte(n);
    return d;
  }

  void addDecorators(Node* def, const std::vector<TSNode>& decorators) {
    for (TSNode dec : decorators) {
      Node* d = make(Kind::Decorator, dec);
      std::vector<TSNode> kids = namedChildren(dec);
      if (!kids.empty()) {
        tree_.adopt(d, expression(kids[0]), Role::Value);
        std::string name = textOf(kids[0]);
        if (name == "staticmethod") def->flags |= FunctionStaticMethod;
        if (name == "classmethod") def->flags |= FunctionClassMethod;
      }
      tree_.adopt(def, d, Role::Decorator);
    }
  }

  Node* functionDefinition(TSNode n, const std::vector<TSNode>& decorators) {
    Node* f = make(Kind::Function, n);
    f->text = textOf(field(n, "name"));
    addDecorators(f, decorators);
    parameters(f, field(n, "parameters"));
    TSNode ret = field(n, "return_type");
    if (!ts_node_is_null(ret)) tree_.adopt(f, make(Kind::Annotation, ret), Role::ReturnAnnotation);
    tree_.adopt(f, block(field(n, "body")), Role::Body);
    return f;
  }

  void parameters(Node* f, TSNode params) {
    bool keywordOnly = false;
    std::vector<Node*> made;
    for (TSNode p : namedChildren(params)) {
      const char* type = ts_node_type(p);
      if (!std::strcmp(type, "keyword_separator")) {
        keywordOnly = true;
        continue;
      }
      if (!std::strcmp(type, "positional_separator")) {
        for (Node* earlier : made) earlier->flags = ParamPositionalOnly;
        continue;
      }
      Node* param = make(Kind::Parameter, p);
      param->flags = keywordOnly ? ParamKeywordOnly : ParamRegular;
      TSNode nameNode = p;
      if (!std::strcmp(type, "default_parameter") || !std::strcmp(type, "typed_default_parameter"))
        nameNode = field(p, "name");
      else if (!std::strcmp(type, "typed_parameter"))
        nameNode = namedChildren(p).at(0);
      if (typeIs(nameNode, "list_splat_pattern")) {
        param->flags = ParamVarArgs;
        keywordOnly = true;
        nameNode = namedChildren(nameNode).at(0);
      } else if (typeIs(nameNode, "dictionary_splat_pattern")) {
        param->flags = ParamKwArgs;
        nameNode = namedChildren(nameNode).at(0);
      }
      param->text = textOf(nameNode);
      TSNode annotation = field(p, "type");
      if (!ts_node_is_null(annotation)) tree_.adopt(param, make(Kind::Annotation, annotation), Role::Annotation);
      TSNode value = field(p, "value");
      if (!ts_node_is_null(value)) tree_.adopt(param, expression(value), Role::Default);
      tree_.adopt(f, param, Role::Parameter);
      made.push_back(param);
    }
  }

  Node* classDefinition(TSNode n, const std::vector<TSNode>& decorators) {
    Node* c = make(Kind::Class, n);
    c->text = textOf(field(n, "name"));
    addDecorators(c, decorators);
    TSNode bases = field(n, "superclasses");
    if (!ts_node_is_null(bases))
      for (TSNode b : namedChildren(bases)) tree_.adopt(c, argument(b), Role::Base);
    tree_.adopt(c, block(field(n, "body")), Role::Body);
    return c;
  }

  // ----- expressions -----

  Node* literal(TSNode n, std::uint16_t flags) {
    Node* l = make(Kind::Literal, n);
    l->flags = flags;
    // f-string fields are expressions in their own right
    walkInterpolations(n, l);
    return l;
  }

  void walkInterpolations(TSNode n, Node* into) {
    for (TSNode c : namedChildren(n)) {
      if (typeIs(c, "interpolation")) {
        TSNode e = field(c, "expression");
        if (!ts_node_is_null(e)) tree_.adopt(into, expression(e), Role::Element);
      } else if (typeIs(c, "string")) {
        walkInterpolations(c, into);
      }
    }
  }

  Node* argument(TSNode a) {
    if (typeIs(a, "keyword_argument")) {
      Node* arg = make(Kind::Argument, a);
      arg->text = textOf(field(a, "name"));
      tree_.adopt(arg, expression(field(a, "value")), Role::Value);
      return arg;
    }
    Node* arg = make(Kind::Argument, a);
    if (typeIs(a, "list_splat") || typeIs(a, "dictionary_splat")) {
      arg->flags |= typeIs(a, "list_splat") ? ArgStarred : ArgDoubleStarred;
      tree_.adopt(arg, expression(namedChildren(a).at(0)), Role::Value);
      return arg;
    }
    tree_.adopt(arg, expression(a), Role::Value);
    return arg;
  }

  Node* comprehension(TSNode n) {
    Node* c = make(Kind::Comprehension, n);
    for (TSNode k : namedChildren(n)) {
      if (typeIs(k, "for_in_clause")) {
        Node* f = make(Kind::CompFor, k);
        tree_.adopt(f, expression(field(k, "left")), Role::Target);
        TSNode left = field(k, "left");
        for (TSNode r : namedChildren(k))
          if (!ts_node_eq(r, left)) tree_.adopt(f, expression(r), Role::Iter);
        tree_.adopt(c, f, Role::Item);
      } else if (typeIs(k, "if_clause")) {
        Node* i = make(Kind::CompIf, k);
        tree_.adopt(i, expression(namedChildren(k).at(0)), Role::Test);
        tree_.adopt(c, i, Role::Item);
      } else {
        tree_.adopt(c, expression(k), Role::Element);
      }
    }
    c->text = ts_node_type(n);
    return c;
  }

  Node* container(Kind kind, TSNode n) {
    Node* c = make(kind, n);
    for (TSNode k : namedChildren(n)) {
      if (typeIs(k, "pair")) {
        Node* p = make(Kind::Pair, k);
        tree_.adopt(p, expression(field(k, "key")), Role::Key);
        tree_.adopt(p, expression(field(k, "value")), Role::Value);
        tree_.adopt(c, p, Role::Element);
      } else {
        tree_.adopt(c, expression(k), Role::Element);
      }
    }
    return c;
  }

  Node* expression(TSNode n) {
    const char* type = ts_node_type(n);
    if (!std::strcmp(type, "identifier")) {
      Node* name = make(Kind::Name, n);
      name->text = textOf(n);
      return name;
    }
    if (!std::strcmp(type, "parenthesized_expression")) {
      // Parentheses are transparent: the inner node takes their range.
      std::vector<TSNode> kids = namedChildren(n);
      if (kids.size() == 1) {
        Node* inner = expression(kids[0]);
        inner->begin = ts_node_start_byte(n);
        inner->end = ts_node_end_byte(n);
        return inner;
      }
    }
    if (!std::strcmp(type, "attribute")) {
      Node* a = make(Kind::Attribute, n);
      a->text = textOf(field(n, "attribute"));
      tree_.adopt(a, expression(field(n, "object")), Role::Receiver);
      return a;
    }
    if (!std::strcmp(type, "subscript")) {
      Node* s = make(Kind::Subscript, n);
      tree_.adopt(s, expression(field(n, "value")), Role::Receiver);
      TSNode value = field(n, "value");
      for (TSNode k : namedChildren(n))
        if (!ts_node_eq(k, value)) tree_.adopt(s, expression(k), Role::Element);
      return s;
    }
    if (!std::strcmp(type, "call")) {
      Node* c = make(Kind::Call, n);
      tree_.adopt(c, expression(field(n, "function")), Role::Callee);
      TSNode args = field(n, "arguments");
      if (typeIs(args, "generator_expression")) {
        Node* arg = make(Kind::Argument, args);
        tree_.adopt(arg, comprehension(args), Role::Value);
        tree_.adopt(c, arg, Role::Argument);
      } else {
        for (TSNode a : namedChildren(args)) tree_.adopt(c, argument(a), Role::Argument);
      }
      return c;
    }
    if (!std::strcmp(type, "binary_operator")) {
      Node* b = make(Kind::BinaryOp, n);
      b->text = textOf(field(n, "operator"));
      tree_.adopt(b, expression(field(n, "left")), Role::Left);
      tree_.adopt(b, expression(field(n, "right")), Role::Right);
      return b;
    }
    if (!std::strcmp(type, "unary_operator")) {
      Node* u = make(Kind::UnaryOp, n);
      u->text = textOf(field(n, "operator"));
      tree_.adopt(u, expression(field(n, "argument")), Role::Operand);
      return u;
    }
    if (!std::strcmp(type, "not_operator")) {
      Node* u = make(Kind::UnaryOp, n);
      u->text = "not";
      tree_.adopt(u, expression(field(n, "argument")), Role::Operand);
      return u;
    }
    if (!std::strcmp(type, "boolean_operator")) {
      Node* b = make(Kind::BoolOp, n);
      b->text = textOf(field(n, "operator"));
      tree_.adopt(b, expression(field(n, "left")), Role::Left);
      tree_.adopt(b, expression(field(n, "right")), Role::Right);
      return b;
    }
    if (!std::strcmp(type, "comparison_operator")) {
      Node* c = make(Kind::Compare, n);
      for (TSNode k : namedChildren(n)) tree_.adopt(c, expression(k), Role::Operand);
      return c;
    }
    if (!std::strcmp(type, "integer") || !std::strcmp(type, "float")) return literal(n, LiteralNumber);
    if (!std::strcmp(type, "string") || !std::strcmp(type, "concatenated_string")) return literal(n, LiteralString);
    if (!std::strcmp(type, "true") || !std::strcmp(type, "false")) return literal(n, LiteralBool);
    if (!std::strcmp(type, "none")) return literal(n, LiteralNone);
    if (!std::strcmp(type, "ellipsis")) return literal(n, LiteralEllipsis);
    if (!std::strcmp(type, "tuple") || !std::strcmp(type, "expression_list") ||
        !std::strcmp(type, "pattern_list") || !std::strcmp(type, "tuple_pattern"))
      return container(Kind::Tuple, n);
    if (!std::strcmp(type, "list") || !std::strcmp(type, "list_pattern")) return container(Kind::List, n);
    if (!std::strcmp(type, "set")) return container(Kind::Set, n);
    if (!std::strcmp(type, "dictionary")) return container(Kind::Dict, n);
    if (!std::strcmp(type, "list_comprehension") || !std::strcmp(type, "set_comprehension") ||
        !std::strcmp(type, "dictionary_comprehension") || !std::strcmp(type, "generator_expression"))
      return comprehension(n);
    if (!std::strcmp(type, "pair")) {
      Node* p = make(Kind::Pair, n);
      tree_.adopt(p, expression(field(n, "key")), Role::Key);
      tree_.adopt(p, expression(field(n, "value")), Role::Value);
      return p;
    }
    if (!std::strcmp(type, "conditional_expression")) {
      Node* c = make(Kind::Conditional, n);
      std::vector<TSNode> kids = namedChildren(n);
      if (kids.size() == 3) {
        tree_.adopt(c, expression(kids[0]), Role::Value);
        tree_.adopt(c, expression(kids[1]), Role::Test);
        tree_.adopt(c, expression(kids[2]), Role::Else);
      }
      return c;
    }
    if (!std::strcmp(type, "lambda")) {
      Node* l = make(Kind::Lambda, n);
      TSNode body = field(n, "body");
      if (!ts_node_is_null(body)) tree_.adopt(l, expression(body), Role::Value);
      return l;
    }
    if (!std::strcmp(type, "list_splat") || !std::strcmp(type, "list_splat_pattern") ||
        !std::strcmp(type, "dictionary_splat")) {
      Node* s = make(Kind::Starred, n);
      std::vector<TSNode> kids = namedChildren(n);
      if (!kids.empty()) tree_.adopt(s, expression(kids[0]), Role::Value);
      return s;
    }
    if (!std::strcmp(type, "named_expression")) {
      Node* w = make(Kind::Walrus, n);
      tree_.adopt(w, expression(field(n, "name")), Role::Target);
      tree_.adopt(w, expression(field(n, "value")), Role::Value);
      return w;
    }
    if (!std::strcmp(type, "keyword_argument") || !std::strcmp(type, "list_splat") ||
        !std::strcmp(type, "dictionary_splat"))
      return argument(n);
    if (!std::strcmp(type, "type")) return make(Kind::Annotation, n);
    // yield, await, slice, ...: keep the sub-expressions.
    Node* other = make(Kind::OtherExpr, n);
    other->text = type;
    for (TSNode k : namedChildren(n)) tree_.adopt(other, expression(k), Role::Element);
    return other;
  }

  SourceUnit& unit_;
  const std::string& text_;
  SyntaxTree& tree_;
};

/// The dotted spelling of a callee made of names and attributes (`F.relu`), or empty.
std::string dottedText(const Node* n) {
  if (n->is(Kind::Name)) return n->text;
  if (n->is(Kind::Attribute)) {
    std::string receiver = dottedText(n->child(Role::Receiver));
    return receiver.empty() ? std::string() : receiver + "." + n->text;
  }
  return {};
}

/// Module-level facts: imports, names, classes; then what every call refers to.
class Resolver {
public:
  explicit Resolver(SourceUnit& unit) : unit_(unit) {}

  void run() {
    Node* body = unit_.tree.root()->child(Role::Body);
    for (Node* stmt : body->children) collectGlobal(stmt);
    for (Node* stmt : body->children) {
      if (stmt->is(Kind::Class)) collectClass(stmt);
    }
    // Resolve calls everywhere: module level, class bodies, functions.
    resolveScope(body, nullptr, nullptr, {});
  }

private:
  void bindImports(Node* stmt) {
    const std::string text = unit_.textOf(stmt);
    // Re-parse the small import statement from its text: `import a.b as c, d` / `from m import x as y`.
    auto trim = [](std::string s) {
      std::size_t b = s.find_first_not_of(" \t\r\n\\()");
      std::size_t e = s.find_last_not_of(" \t\r\n\\(),");
      return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
    };
    auto split = [&](const std::string& s) {
      std::vector<std::string> parts;
      std::string current;
      for (char c : s) {
        if (c == ',') {
          parts.push_back(trim(current));
          current.clear();
        } else if (c != '\n' && c != '\\' && c != '(' && c != ')') {
          current += c;
        }
      }
      if (!trim(current).empty()) parts.push_back(trim(current));
      return parts;
    };
    auto splitAs = [&](const std::string& s, std::string& name, std::string& alias) {
      std::size_t pos = s.find(" as ");
      name = trim(pos == std::string::npos ? s : s.substr(0, pos));
      alias = pos == std::string::npos ? "" : trim(s.substr(pos + 4));
    };
    if (text.rfind("import ", 0) == 0) {
      for (const std::string& part : split(text.substr(7))) {
        ImportBinding b;
        splitAs(part, b.module, b.alias);
        if (b.module.empty()) continue;
        if (!b.alias.empty()) {
          b.localName = b.alias;
          b.qualifiedName = b.module;
        } else { // `import a.b` binds `a`
          b.localName = b.module.substr(0, b.module.find('.'));
          b.qualifiedName = b.localName;
        }
        unit_.globals[b.localName] = b.qualifiedName;
        unit_.imports.push_back(b);
      }
    } else if (text.rfind("from ", 0) == 0) {
      std::size_t importPos = text.find(" import ");
      if (importPos == std::string::npos) return;
      std::string module = absoluteModule(trim(text.substr(5, importPos - 5)));
      if (module == "__future__") return;
      for (const std::string& part : split(text.substr(importPos + 8))) {
        ImportBinding b;
        b.isFromImport = true;
        b.module = module;
        splitAs(part, b.name, b.alias);
        if (b.name.empty() || b.name == "*") continue;
        b.localName = b.alias.empty() ? b.name : b.alias;
        b.qualifiedName = module + "." + b.name;
        unit_.globals[b.localName] = b.qualifiedName;
        unit_.imports.push_back(b);
      }
    }
  }

  /// `from .x import y` in `pkg.sub.mod` is `pkg.sub.x` (spec §2.1).
  std::string absoluteModule(const std::string& module) const {
    if (module.empty() || module[0] != '.') return module;
    std::size_t dots = 0;
    while (dots < module.size() && module[dots] == '.') ++dots;
    std::string rest = module.substr(dots);
    std::string package = unit_.moduleName;
    std::size_t cut = package.rfind('.');
    package = cut == std::string::npos ? "" : package.substr(0, cut);
    for (std::size_t i = 1; i < dots; ++i) {
      std::size_t up = package.rfind('.');
      if (up == std::string::npos) break; // climbing past the top keeps the package
      package = package.substr(0, up);
    }
    if (package.empty()) return rest;
    return rest.empty() ? package : package + "." + rest;
  }

  void collectGlobal(Node* stmt) {
    switch (stmt->kind) {
    case Kind::Import: bindImports(stmt); break;
    case Kind::Function:
      unit_.globals[stmt->text] = qualify(stmt->text);
      unit_.functions[stmt->text] = stmt;
      break;
    case Kind::Class: unit_.globals[stmt->text] = qualify(stmt->text); break;
    case Kind::Assign: {
      // `act = torch.relu`: a module-level alias of a dotted name.
      std::vector<Node*> targets = stmt->childrenWith(Role::Target);
      Node* value = stmt->child(Role::Value);
      for (Node* t : targets)
        if (t->is(Kind::Name)) {
          std::string dotted = value ? dottedText(value) : "";
          unit_.globals[t->text] = dotted.empty() ? qualify(t->text) : resolveDotted(dotted);
        }
      break;
    }
    case Kind::If:
    case Kind::Try:
      // Imports guarded by `if TYPE_CHECKING:` / `try: import x except ImportError:` still bind.
      walkPreOrder(stmt, [&](Node* n) {
        if (n->is(Kind::Import)) bindImports(n);
      });
      break;
    default: break;
    }
  }

  std::string qualify(const std::string& name) const {
    return unit_.moduleName.empty() ? name : unit_.moduleName + "." + name;
  }

  /// Resolves a dotted spelling through the module-level names (`F.relu` ->
  /// `torch.nn.functional.relu`); unknown roots stay as written.
  std::string resolveDotted(const std::string& dotted) const {
    std::size_t dot = dotted.find('.');
    std::string root = dotted.substr(0, dot);
    auto it = unit_.globals.find(root);
    if (it == unit_.globals.end()) return dotted;
    return dot == std::string::npos ? it->second : it->second + dotted.substr(dot);
  }

  void collectClass(Node* cls) {
    ClassInfo info;
    info.name = cls->text;
    info.node = cls;
    for (Node* base : cls->childrenWith(Role::Base)) {
      if (!base->text.empty()) continue; // keyword arguments such as metaclass=
      std::string dotted = dottedText(base->child(Role::Value));
      if (!dotted.empty()) info.bases.push_back(resolveDotted(dotted));
    }
    Node* body = cls->child(Role::Body);
    for (Node* stmt : body->children) {
      if (stmt->is(Kind::Function)) {
        info.methods.push_back(stmt);
      } else if (stmt->is(Kind::Assign)) {
        Node* value = stmt->child(Role::Value);
        std::string dotted = value ? dottedText(value) : "";
        for (Node* t : stmt->childrenWith(Role::Target))
          if (t->is(Kind::Name) && !dotted.empty())
            info.callableAttributes[t->text] = resolveDotted(dotted);
      } else if (stmt->is(Kind::AnnAssign)) {
        Node* target = stmt->child(Role::Target);
        if (target->is(Kind::Name)) info.attributeTypes[target->text] = unit_.textOf(stmt->child(Role::Annotation));
      }
    }
    if (Node* init = info.method("__init__")) collectInit(init, info);
    unit_.classes.push_back(std::move(info));
  }

  void collectInit(Node* init, ClassInfo& info) {
    std::vector<Node*> params = init->childrenWith(Role::Parameter);
    std::string self = params.empty() ? "self" : params[0]->text;
    walkPreOrder(init->child(Role::Body), [&](Node* n) {
      if (n->is(Kind::AnnAssign)) {
        Node* t = n->child(Role::Target);
        if (t->is(Kind::Attribute) && dottedText(t) == self + "." + t->text)
          info.attributeTypes[t->text] = unit_.textOf(n->child(Role::Annotation));
      } else if (n->is(Kind::Assign) && n->child(Role::Value) && n->child(Role::Value)->is(Kind::Call)) {
        // `self.seen = set()`, `self.acc = Accumulator()`, `self.w = nn.Parameter(...)`: what the
        // constructor makes tells whether the attribute can be a tensor.
        std::string dotted = dottedText(n->child(Role::Value)->child(Role::Callee));
        if (dotted.empty()) return;
        std::string q = resolveDotted(dotted);
        const char* type = nullptr;
        if (q == "torch.nn.Parameter" || q == "torch.nn.parameter.Parameter" || q == "torch.tensor" ||
            q == "torch.zeros" || q == "torch.ones" || q == "torch.randn" || q == "torch.rand" || q == "torch.empty")
          type = "torch.Tensor";
        else if (q == "set" || q == "dict" || q == "frozenset" || q == "object" || q == "str" ||
                 q.rfind("torch.nn.", 0) == 0 || (unit_.globals.count(dotted) && unit_.findClass(dotted)))
          type = "object";
        if (!type) return;
        for (Node* t : n->childrenWith(Role::Target))
          if (t->is(Kind::Attribute) && dottedText(t) == self + "." + t->text && !info.attributeTypes.count(t->text))
            info.attributeTypes[t->text] = type;
      } else if (n->is(Kind::Assign)) {
        Node* value = n->child(Role::Value);
        if (value && !value->is(Kind::Literal))
          for (Node* t : n->childrenWith(Role::Target))
            if (t->is(Kind::Attribute) && dottedText(t) == self + "." + t->text && !info.attributeValues.count(t->text))
              info.attributeValues[t->text] = value;
        if (!value || !value->is(Kind::Literal)) return;
        const char* type = value->has(LiteralNumber)
                               ? (unit_.textOf(value).find_first_of(".eE") != std::string::npos ? "float" : "int")
                               : value->has(LiteralBool) ? "bool" : value->has(LiteralString) ? "str" : nullptr;
        if (!type) return;
        for (Node* t : n->childrenWith(Role::Target))
          if (t->is(Kind::Attribute) && dottedText(t) == self + "." + t->text && !info.attributeTypes.count(t->text))
            info.attributeTypes[t->text] = type;
      } else if (n->is(Kind::Call)) {
        std::string dotted = dottedText(n->child(Role::Callee));
        if (!dotted.empty()) info.instantiated.push_back(resolveDotted(dotted));
      }
    });
  }

  /// Names bound inside a function body (not in nested functions or comprehensions).
  void collectLocals(Node* n, std::set<std::string>& locals) {
    for (Node* c : n->children) {
      if (c->is(Kind::Function) || c->is(Kind::Class)) {
        locals.insert(c->text);
        continue;
      }
      if (c->is(Kind::Comprehension) || c->is(Kind::Lambda)) continue;
      if ((c->role == Role::Target) && (c->is(Kind::Name))) locals.insert(c->text);
      if (c->role == Role::Target && (c->is(Kind::Tuple) || c->is(Kind::List)))
        walkPreOrder(c, [&](Node* t) {
          if (t->is(Kind::Name)) locals.insert(t->text);
        });
      collectLocals(c, locals);
    }
  }

  /// Resolves the calls under `n`. `cls` is the class whose method we are in (if any); `self`
  /// the method's first parameter; `locals` the names bound in the enclosing function scopes.
  void resolveScope(Node* n, const ClassInfo* cls, const Node* function, const std::set<std::string>& locals) {
    for (Node* c : n->children) {
      if (c->is(Kind::Function)) {
        std::set<std::string> inner = function ? locals : std::set<std::string>{};
        for (Node* p : c->childrenWith(Role::Parameter)) inner.insert(p->text);
        collectLocals(c->child(Role::Body), inner);
        // Decorators and defaults are evaluated in the enclosing scope.
        for (Node* d : c->children)
          if (d->role != Role::Body && d->role != Role::Parameter) resolveScope(d, cls, function, locals);
        for (Node* p : c->childrenWith(Role::Parameter)) resolveScope(p, cls, function, locals);
        const ClassInfo* owner = function ? cls : currentClass_;
        const ClassInfo* saved = currentClass_;
        resolveScope(c->child(Role::Body), owner, c, inner);
        currentClass_ = saved;
        continue;
      }
      if (c->is(Kind::Class)) {
        const ClassInfo* saved = currentClass_;
        currentClass_ = function ? nullptr : unit_.findClass(c->text);
        resolveScope(c, nullptr, nullptr, {});
        currentClass_ = saved;
        continue;
      }
      if (c->is(Kind::Call)) resolveCall(c, cls, function, locals);
      if (c->is(Kind::Comprehension)) {
        // Comprehension variables are locals of the comprehension.
        std::set<std::string> inner = locals;
        for (Node* item : c->childrenWith(Role::Item))
          if (item->is(Kind::CompFor))
            walkPreOrder(item->child(Role::Target), [&](Node* t) {
              if (t->is(Kind::Name)) inner.insert(t->text);
            });
        resolveScope(c, cls, function, inner);
        continue;
      }
      resolveScope(c, cls, function, locals);
    }
  }

  void resolveCall(Node* call, const ClassInfo* cls, const Node* function, const std::set<std::string>& locals) {
    ResolvedCallee r;
    Node* callee = call->child(Role::Callee);
    std::string dotted = dottedText(callee);
    r.spelled = dotted.empty() ? "None" : dotted;
    std::string firstParam;
    bool instanceMethod = false;
    if (function) {
      std::vector<Node*> params = function->childrenWith(Role::Parameter);
      if (!params.empty()) firstParam = params[0]->text;
      instanceMethod = cls && !function->has(FunctionStaticMethod);
    }
    if (dotted.empty()) {
      // `f(x).relu()`, `x[0].sum()`, `(a + b).sum()`: a method on a computed value.
      if (callee->is(Kind::Attribute)) {
        r.kind = ResolvedCallee::Kind::TensorMethod;
        r.name = callee->text;
      }
      unit_.callees[call] = r;
      return;
    }
    std::size_t dot = dotted.find('.');
    std::string root = dotted.substr(0, dot);
    std::string rest = dot == std::string::npos ? "" : dotted.substr(dot + 1);
    bool isLocal = locals.count(root) > 0;

    if (instanceMethod && root == firstParam && !firstParam.empty()) {
      if (rest.empty()) { // self(...) means forward
        r.kind = ResolvedCallee::Kind::SelfMethod;
        r.name = "forward";
      } else if (rest.find('.') == std::string::npos) {
        Node* method = cls->method(rest);
        auto alias = cls->callableAttributes.find(rest);
        if (function->has(FunctionClassMethod) && method) {
          r.kind = ResolvedCallee::Kind::ClassMethod;
          r.name = rest;
        } else if (method) {
          bool staticOrClass = method->has(FunctionStaticMethod) || method->has(FunctionClassMethod);
          r.kind = staticOrClass ? ResolvedCallee::Kind::ClassMethod : ResolvedCallee::Kind::SelfMethod;
          r.name = rest;
        } else if (alias != cls->callableAttributes.end()) {
          r.kind = ResolvedCallee::Kind::Global;
          r.qualifiedName = alias->second;
        } else {
          // A submodule (`self.fc(x)`), an instance attribute, or a method a subclass defines.
          r.kind = ResolvedCallee::Kind::SelfMethod;
          r.name = rest;
        }
      } else {
        // self.weight.sum(): a method on an attribute value
        r.kind = ResolvedCallee::Kind::TensorMethod;
        r.name = callee->text;
      }
    } else if (isLocal) {
      if (!rest.empty()) {
        r.kind = ResolvedCallee::Kind::TensorMethod;
        r.name = callee->text;
      }
    } else if (unit_.globals.count(root)) {
      const ClassInfo* targetClass = unit_.findClass(root);
      if (targetClass && !rest.empty() && rest.find('.') == std::string::npos && targetClass->method(rest)) {
        r.kind = ResolvedCallee::Kind::ClassMethod;
        r.name = rest;
        r.qualifiedName = resolveDotted(dotted);
      } else {
        r.kind = ResolvedCallee::Kind::Global;
        r.qualifiedName = resolveDotted(dotted);
      }
    } else {
      // A builtin (print, range) or an unknown name: its spelling is tried as a table key.
      r.kind = ResolvedCallee::Kind::Global;
      r.qualifiedName = dotted;
    }
    unit_.callees[call] = r;
  }

  SourceUnit& unit_;
  const ClassInfo* currentClass_ = nullptr;
};

std::string detectIndentUnit(const std::string& text) {
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t eol = text.find('\n', pos);
    if (eol == std::string::npos) break;
    std::size_t next = eol + 1;
    std::size_t indentEnd = next;
    while (indentEnd < text.size() && (text[indentEnd] == ' ' || text[indentEnd] == '\t')) ++indentEnd;
    if (indentEnd > next && indentEnd < text.size() && text[indentEnd] != '\n' && text[indentEnd] != '#' &&
        text[indentEnd] != '\r') {
      // The first indented code line after a line ending in ':' gives the unit.
      std::size_t lineEnd = eol;
      while (lineEnd > pos && (text[lineEnd - 1] == ' ' || text[lineEnd - 1] == '\r')) --lineEnd;
      if (lineEnd > pos && text[lineEnd - 1] == ':') {
        std::size_t prevIndent = pos;
        while (prevIndent < eol && (text[prevIndent] == ' ' || text[prevIndent] == '\t')) ++prevIndent;
        if (indentEnd - next > prevIndent - pos) return text.substr(next + (prevIndent - pos), indentEnd - next - (prevIndent - pos));
      }
    }
    pos = next;
  }
  return "    ";
}

} // namespace

std::unique_ptr<SourceUnit> parsePythonFile(std::unique_ptr<SourceFile> source, std::string moduleName,
                                            DiagnosticSink& diagnostics) {
  auto unit = std::make_unique<SourceUnit>();
  unit->language = Language::Python;
  unit->source = std::move(source);
  unit->moduleName = std::move(moduleName);
  const std::string& text = unit->text();

  ParsedTree parsed;
  ts_parser_set_language(parsed.parser, tree_sitter_python());
  parsed.tree = ts_parser_parse_string(parsed.parser, nullptr, text.data(), static_cast<uint32_t>(text.size()));
  TSNode root = ts_tree_root_node(parsed.tree);
  if (auto error = firstError(root)) {
    std::string message = "invalid syntax";
    if (ts_node_is_missing(*error)) message = std::string("expected '") + ts_node_type(*error) + "'";
    diagnostics.report(Diagnostic::error(unit->source->locationOf(ts_node_start_byte(*error)),
                                         message, "python-syntax"));
    return nullptr;
  }
  if (auto empty = firstEmptyBlock(root)) {
    diagnostics.report(Diagnostic::error(unit->source->locationOf(ts_node_start_byte(*empty)),
                                         "expected an indented block", "python-syntax"));
    return nullptr;
  }
  Lowering lowering(*unit);
  unit->tree.setRoot(lowering.module(root));
  unit->indentUnit = detectIndentUnit(text);
  Resolver(*unit).run();
  return unit;
}

std::string moduleNameForPath(const std::string& path) {
  namespace fs = std::filesystem;
  fs::path p = fs::absolute(fs::path(path)).lexically_normal();
  std::string name = p.stem().string();
  fs::path dir = p.parent_path();
  while (!dir.empty() && fs::exists(dir / "__init__.py")) {
    name = dir.filename().string() + "." + name;
    if (dir == dir.parent_path()) break;
    dir = dir.parent_path();
  }
  return name;
}

} // namespace ffquant::python

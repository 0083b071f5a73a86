// The language-neutral syntax tree that both frontends produce and the middle layer analyses.
//
// A node is a kind (what it is), a role (what it is to its parent), a byte range into the
// original source, and ordered children. Text the tree does not model (keywords, punctuation,
// comments, whitespace) lives in the gaps between children, which is what lets an emitter copy
// untouched code byte for byte.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <unordered_map>
#include <vector>

namespace ffquant::ir {

enum class Kind : std::uint8_t {
  // Structure
  Module,
  Class,
  Function,
  Parameter,
  Decorator,
  Block,
  // Statements
  ExprStmt,
  Assign,    // targets... = value; chained assignments nest (a = b = v)
  AugAssign, // target op= value; `text` holds the operator without '=' ("+")
  AnnAssign, // target: annotation [= value]
  Return,
  Raise,
  If,       // children: IfBranch+ (the `if`, each `elif`, the `else`)
  IfBranch, // [Test] Body
  For,      // Target Iter Body [Else]
  While,    // Test Body [Else]
  Break,
  Continue,
  Try,        // Body Handler* [Else] [Finally]
  Handler,    // except clause: [Value] [Target] Body
  With,       // WithItem+ Body
  WithItem,   // Value [Target]
  Import,     // import / from-import (module level only matters)
  Pass,
  OtherStmt,  // assert, del, global, ...: analysed only for the expressions inside
  // Expressions
  Name,
  Attribute, // Receiver . text
  Subscript, // Receiver [ Element... ]
  Call,      // Callee Argument*
  Argument,  // [keyword=] Value; `text` = keyword; flags: ArgStarred / ArgDoubleStarred
  BinaryOp,  // Left op Right; `text` = operator symbol
  UnaryOp,   // op Operand; `text` = "-", "+", "~", "not"
  BoolOp,    // and / or
  Compare,
  Literal,   // numbers, strings, True/False/None, ...; children: f-string fields
  Tuple,
  List,
  Set,
  Dict,
  Pair,          // key: value inside Dict / dict comprehension
  Comprehension, // Element CompFor... ; flags: the bracket kind
  CompFor,       // for Target in Iter
  CompIf,        // if Test
  Conditional,   // Value if Test else Value
  Lambda,
  Starred,   // *x in a display or target
  Walrus,    // name := value
  Annotation, // a type annotation: never analysed for quantization
  OtherExpr,
};

enum class Role : std::uint8_t {
  None,
  Body,
  Statement,
  Decorator,
  Base,
  Parameter,
  ReturnAnnotation,
  Annotation,
  Default,
  Test,
  Target,
  Value,
  Iter,
  Else,
  Finally,
  Handler,
  Branch,
  Item,
  Callee,
  Argument,
  Receiver,
  Left,
  Right,
  Operand,
  Element,
  Key,
};

enum Flags : std::uint16_t {
  // Parameter kinds
  ParamRegular = 1 << 0,
  ParamPositionalOnly = 1 << 1,
  ParamKeywordOnly = 1 << 2,
  ParamVarArgs = 1 << 3,
  ParamKwArgs = 1 << 4,
  // Arguments
  ArgStarred = 1 << 5,
  ArgDoubleStarred = 1 << 6,
  // Literals
  LiteralString = 1 << 7,
  LiteralNumber = 1 << 8,
  LiteralBool = 1 << 9,
  LiteralNone = 1 << 10,
  LiteralEllipsis = 1 << 11,
  // Functions
  FunctionStaticMethod = 1 << 12,
  FunctionClassMethod = 1 << 13,
  // A block written on its header's line (`if c: x = 1`)
  BlockInline = 1 << 14,
};

struct Node {
  Kind kind = Kind::OtherExpr;
  Role role = Role::None;
  std::uint16_t flags = 0;
  std::uint32_t begin = 0; // byte offsets into the source text
  std::uint32_t end = 0;
  /// Identifier, attribute name, operator symbol or keyword, depending on the kind.
  std::string text;
  Node* parent = nullptr;
  std::vector<Node*> children;

  bool is(Kind k) const { return kind == k; }
  bool has(Flags f) const { return (flags & f) != 0; }
  /// First child with the role, or null.
  Node* child(Role r) const;
  std::vector<Node*> childrenWith(Role r) const;
  bool isExpression() const { return kind >= Kind::Name; }
  bool isStatement() const { return kind >= Kind::ExprStmt && kind <= Kind::OtherStmt; }
};

/// Owns the nodes of one parsed source file.
class SyntaxTree {
public:
  Node* make(Kind kind, std::uint32_t begin, std::uint32_t end);
  void adopt(Node* parent, Node* child, Role role);
  Node* root() const { return root_; }
  void setRoot(Node* root) { root_ = root; }

private:
  std::deque<Node> nodes_;
  Node* root_ = nullptr;
};

const char* kindName(Kind kind);

/// True when a function or comprehension enclosing the Name `name` binds it (a parameter, an
/// assignment, loop or with target, a nested def): the name is a local there.
bool isLocallyBound(const Node* name);

/// The same, remembering each scope's bound names in `cache` (for callers asking about many names).
class LocalNames {
public:
  bool isLocal(const Node* name);

private:
  const std::vector<std::string>& boundIn(const Node* scope);
  std::unordered_map<const Node*, std::vector<std::string>> cache_;
};

/// Walks `node` and its descendants, parents before children.
template <typename F> void walkPreOrder(Node* node, F&& visit) {
  visit(node);
  for (Node* c : node->children) walkPreOrder(c, visit);
}

/// Walks `node` and its descendants, children (left to right) before parents.
template <typename F> void walkPostOrder(Node* node, F&& visit) {
  for (Node* c : node->children) walkPostOrder(c, visit);
  visit(node);
}

} // namespace ffquant::ir

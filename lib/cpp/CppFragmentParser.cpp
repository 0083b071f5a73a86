// Parses C++ pattern fragments (`torch::nn::functional::{func}({a}, {b})`) into the shared syntax
// tree, shaped as the Clang lowering shapes the same code, so the shared pattern matcher can
// compare them. Placeholders are not C++, which is why Clang cannot parse these fragments.
#include "ffquant/cpp/CppFragmentParser.h"

#include <cctype>

namespace ffquant::cpp {

using namespace ir;

namespace {

class FragmentParser {
public:
  FragmentParser(SourceUnit& unit) : unit_(unit), text_(unit.text()), tree_(unit.tree) {}

  bool parse() {
    Node* module = tree_.make(Kind::Module, 0, static_cast<std::uint32_t>(text_.size()));
    Node* block = tree_.make(Kind::Block, 0, static_cast<std::uint32_t>(text_.size()));
    tree_.adopt(module, block, Role::Body);
    tree_.setRoot(module);
    skip();
    std::uint32_t start = pos_;
    Node* value = expression(0);
    if (!value) return false;
    skip();
    if (pos_ < text_.size() && text_[pos_] == ';') ++pos_;
    skip();
    if (pos_ != text_.size()) return false;
    Node* stmt = tree_.make(Kind::ExprStmt, start, static_cast<std::uint32_t>(text_.size()));
    tree_.adopt(stmt, value, Role::Value);
    tree_.adopt(block, stmt, Role::Statement);
    return true;
  }

private:
  void skip() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
  }
  bool peek(const char* s) {
    skip();
    return text_.compare(pos_, std::char_traits<char>::length(s), s) == 0;
  }
  bool eat(const char* s) {
    if (!peek(s)) return false;
    pos_ += static_cast<std::uint32_t>(std::char_traits<char>::length(s));
    return true;
  }
  static bool identStart(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
  static bool identChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

  static int precedence(const std::string& op) {
    if (op == "|") return 1;
    if (op == "^") return 2;
    if (op == "&") return 3;
    if (op == "<<" || op == ">>") return 5;
    if (op == "+" || op == "-") return 6;
    if (op == "*" || op == "/" || op == "%") return 7;
    return 0;
  }

  std::string binaryOperator() {
    skip();
    for (const char* op : {"<<", ">>", "+", "-", "*", "/", "%", "&", "|", "^"}) {
      std::size_t n = std::char_traits<char>::length(op);
      if (text_.compare(pos_, n, op) != 0) continue;
      // not `+=`, `&&`, `||`, `->`
      char next = pos_ + n < text_.size() ? text_[pos_ + n] : '\0';
      if (next == '=' || (n == 1 && next == op[0] && (op[0] == '&' || op[0] == '|')) || (op[0] == '-' && next == '>'))
        return {};
      return op;
    }
    return {};
  }

  Node* expression(int minPrecedence) {
    Node* left = unary();
    while (left) {
      std::string op = binaryOperator();
      int p = op.empty() ? 0 : precedence(op);
      if (p == 0 || p < minPrecedence) break;
      pos_ += static_cast<std::uint32_t>(op.size());
      Node* right = expression(p + 1);
      if (!right) return nullptr;
      Node* n = tree_.make(Kind::BinaryOp, left->begin, right->end);
      n->text = op;
      tree_.adopt(n, left, Role::Left);
      tree_.adopt(n, right, Role::Right);
      left = n;
    }
    return left;
  }

  Node* unary() {
    skip();
    std::uint32_t start = pos_;
    for (const char* op : {"-", "+", "~"}) {
      if (text_.compare(pos_, 1, op) == 0 && !(pos_ + 1 < text_.size() && (text_[pos_ + 1] == op[0] || text_[pos_ + 1] == '='))) {
        ++pos_;
        Node* operand = unary();
        if (!operand) return nullptr;
        Node* n = tree_.make(Kind::UnaryOp, start, operand->end);
        n->text = op;
        tree_.adopt(n, operand, Role::Operand);
        return n;
      }
    }
    return postfix(primary());
  }

  Node* postfix(Node* n) {
    while (n) {
      if (eat("(")) {
        Node* call = tree_.make(Kind::Call, n->begin, n->end);
        tree_.adopt(call, n, Role::Callee);
        if (!eat(")")) {
          while (true) {
            Node* value = expression(1);
            if (!value) return nullptr;
            Node* arg = tree_.make(Kind::Argument, value->begin, value->end);
            tree_.adopt(arg, value, Role::Value);
            tree_.adopt(call, arg, Role::Argument);
            if (eat(")")) break;
            if (!eat(",")) return nullptr;
            if (eat(")")) break; // trailing comma
          }
        }
        call->end = pos_;
        n = call;
      } else if (peek(".") || peek("->")) {
        bool arrow = peek("->");
        pos_ += arrow ? 2 : 1;
        skip();
        std::uint32_t nameStart = pos_;
        while (pos_ < text_.size() && identChar(text_[pos_])) ++pos_;
        if (pos_ == nameStart) return nullptr;
        Node* member = tree_.make(Kind::Attribute, n->begin, pos_);
        member->text = text_.substr(nameStart, pos_ - nameStart);
        tree_.adopt(member, n, Role::Receiver);
        n = member;
      } else if (eat("[")) {
        Node* index = expression(1);
        if (!index || !eat("]")) return nullptr;
        Node* s = tree_.make(Kind::Subscript, n->begin, pos_);
        tree_.adopt(s, n, Role::Receiver);
        tree_.adopt(s, index, Role::Element);
        n = s;
      } else {
        break;
      }
    }
    return n;
  }

  Node* primary() {
    skip();
    if (pos_ >= text_.size()) return nullptr;
    std::uint32_t start = pos_;
    char c = text_[pos_];
    if (c == '(') {
      ++pos_;
      Node* inner = expression(1);
      if (!inner || !eat(")")) return nullptr;
      inner->begin = start;
      inner->end = pos_;
      return inner;
    }
    if (std::isdigit(static_cast<unsigned char>(c)) || (c == '.' && pos_ + 1 < text_.size() && std::isdigit(static_cast<unsigned char>(text_[pos_ + 1])))) {
      while (pos_ < text_.size() && (identChar(text_[pos_]) || text_[pos_] == '.' ||
                                     ((text_[pos_] == '-' || text_[pos_] == '+') && (text_[pos_ - 1] == 'e' || text_[pos_ - 1] == 'E'))))
        ++pos_;
      Node* n = tree_.make(Kind::Literal, start, pos_);
      n->flags = LiteralNumber;
      return n;
    }
    if (c == '"' || c == '\'') {
      ++pos_;
      while (pos_ < text_.size() && text_[pos_] != c) pos_ += text_[pos_] == '\\' ? 2 : 1;
      if (pos_ >= text_.size()) return nullptr;
      ++pos_;
      Node* n = tree_.make(Kind::Literal, start, pos_);
      n->flags = LiteralString;
      return n;
    }
    if (c == '{') {
      ++pos_;
      Node* list = tree_.make(Kind::OtherExpr, start, start);
      list->text = "InitListExpr";
      if (!eat("}")) {
        while (true) {
          Node* e = expression(1);
          if (!e) return nullptr;
          tree_.adopt(list, e, Role::Element);
          if (eat("}")) break;
          if (!eat(",")) return nullptr;
        }
      }
      list->end = pos_;
      return list;
    }
    if (identStart(c) || c == ':') {
      // A (qualified) name: `torch::nn::functional::relu`, `x`, `true`.
      while (pos_ < text_.size() && (identChar(text_[pos_]) || text_.compare(pos_, 2, "::") == 0))
        pos_ += text_.compare(pos_, 2, "::") == 0 ? 2 : 1;
      std::string name = text_.substr(start, pos_ - start);
      if (name == "true" || name == "false" || name == "nullptr") {
        Node* n = tree_.make(Kind::Literal, start, pos_);
        n->flags = name == "nullptr" ? LiteralNone : LiteralBool;
        return n;
      }
      Node* n = tree_.make(Kind::Name, start, pos_);
      n->text = name;
      return n;
    }
    return nullptr;
  }

  SourceUnit& unit_;
  const std::string& text_;
  SyntaxTree& tree_;
  std::uint32_t pos_ = 0;
};

} // namespace

std::unique_ptr<SourceUnit> parseCppFragment(const std::string& text, DiagnosticSink& diagnostics) {
  auto unit = std::make_unique<SourceUnit>();
  unit->language = Language::Cpp;
  unit->source = std::make_unique<SourceFile>("<pattern>", text);
  if (!FragmentParser(*unit).parse()) {
    diagnostics.report(Diagnostic::error({"<pattern>", 1, 1}, "not a C++ expression: " + text));
    return nullptr;
  }
  return unit;
}

} // namespace ffquant::cpp

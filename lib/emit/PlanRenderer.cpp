// The language-neutral part of rendering a plan: one walk over the syntax tree of a function.
#include "ffquant/emit/PlanRenderer.h"

#include <algorithm>

namespace ffquant::emit {

using namespace ir;
using namespace analysis;

namespace {

bool isDocstring(const Node* stmt) {
  if (!stmt->is(Kind::ExprStmt)) return false;
  const Node* v = stmt->child(Role::Value);
  return v && v->is(Kind::Literal) && v->has(LiteralString) && stmt->parent && stmt->parent->parent &&
         stmt->parent->parent->is(Kind::Function);
}

/// True when only whitespace precedes `offset` on its line.
bool startsLine(const std::string& text, std::size_t offset) {
  while (offset > 0 && text[offset - 1] != '\n') {
    if (text[offset - 1] != ' ' && text[offset - 1] != '\t') return false;
    --offset;
  }
  return true;
}

} // namespace

std::string indentationAt(const std::string& text, std::size_t offset) {
  std::size_t lineStart = offset;
  while (lineStart > 0 && text[lineStart - 1] != '\n') --lineStart;
  std::size_t end = lineStart;
  while (end < text.size() && (text[end] == ' ' || text[end] == '\t')) ++end;
  return text.substr(lineStart, end - lineStart);
}

PlanRenderer::PlanRenderer(const Plan& plan, const FunctionPlan& fp)
    : plan_(plan), fp_(fp), unit_(*fp.unit), text_(unit_.text()) {
  for (const Insertion& ins : fp.insertions) {
    switch (ins.where) {
    case Insertion::Where::BlockStart: blockStart_[ins.anchor].push_back(&ins); break;
    case Insertion::Where::Before: before_[ins.anchor].push_back(&ins); break;
    case Insertion::Where::After: after_[ins.anchor].push_back(&ins); break;
    }
  }
}

std::string PlanRenderer::render() { return node(fp_.function); }

std::string PlanRenderer::node(const Node* n) {
  if (n->is(Kind::Block)) return block(n);
  if (n->is(Kind::AugAssign)) return augmentedAssignment(n);
  if (n->is(Kind::Function) && n == fp_.function && fp_.context == FunctionContext::Free && !fp_.parameters.empty())
    return functionWithParameters(n);
  if (n->isExpression()) return expression(n);
  return copy(n);
}

std::string PlanRenderer::copy(const Node* n) {
  std::string out;
  std::uint32_t pos = n->begin;
  for (const Node* c : n->children) {
    if (c->begin < pos || c->end > n->end) continue; // defensive: malformed ranges stay verbatim
    out += slice(pos, c->begin);
    out += node(c);
    pos = c->end;
  }
  out += slice(pos, n->end);
  return out;
}

std::string PlanRenderer::expression(const Node* n, bool asHoistValue) {
  if (!asHoistValue) {
    auto hoisted = fp_.hoisted.find(n);
    if (hoisted != fp_.hoisted.end()) return hoisted->second;
  }
  auto replaced = fp_.replacedByName.find(n);
  if (replaced != fp_.replacedByName.end()) return replaced->second;
  std::string core = expressionCore(n);
  auto quantized = fp_.inlineQuantized.find(n);
  if (quantized != fp_.inlineQuantized.end()) {
    core = quantizerRef(quantized->second) + "(" + core + ")";
    auto walrus = fp_.walrusFirstUse.find(n);
    if (walrus != fp_.walrusFirstUse.end()) core = "(" + walrus->second + " := " + core + ")";
  }
  return core;
}

std::string PlanRenderer::expressionCore(const Node* n) {
  auto rewrite = fp_.rewrites.find(n);
  if (rewrite != fp_.rewrites.end()) return rewrittenOp(n, rewrite->second);
  auto renamed = fp_.renamedNames.find(n);
  if (renamed != fp_.renamedNames.end()) return renamed->second;
  auto super = fp_.superAnchors.find(n);
  if (super != fp_.superAnchors.end()) return super->second;
  if (n->is(Kind::Call)) return call(n);
  return copy(n);
}

std::string PlanRenderer::call(const Node* n) {
  auto renamed = fp_.renamedCallees.find(n);
  auto threaded = fp_.threadedArguments.find(n);
  bool hasThreaded = threaded != fp_.threadedArguments.end() && !threaded->second.empty();
  if (renamed == fp_.renamedCallees.end() && !hasThreaded) return copy(n);
  const Node* callee = n->child(Role::Callee);
  std::string out = renamed != fp_.renamedCallees.end() ? renamed->second : expression(callee);
  std::string args;
  std::uint32_t pos = callee->end;
  for (const Node* c : n->children) {
    if (c == callee) continue;
    args += slice(pos, c->begin) + node(c);
    pos = c->end;
  }
  std::string tail = slice(pos, n->end); // up to and including ')'
  if (hasThreaded) {
    std::size_t close = tail.rfind(')');
    std::string beforeClose = tail.substr(0, close);
    bool hasArguments = !n->childrenWith(Role::Argument).empty();
    bool trailingComma = beforeClose.find(',') != std::string::npos;
    std::string extra;
    for (const ThreadedArgument& t : threaded->second) {
      if (!extra.empty()) extra += ", ";
      extra += threadedArgument(t.parameter, quantizerRef(t.quantizer));
    }
    std::string separator = (hasArguments && !trailingComma) ? ", " : (trailingComma ? " " : "");
    tail = beforeClose + separator + extra + tail.substr(close);
  }
  return out + args + tail;
}

std::string PlanRenderer::rewrittenOp(const Node* n, const OpRewrite& r) {
  std::vector<std::string> args;
  switch (n->kind) {
  case Kind::BinaryOp: args = {expression(n->child(Role::Left)), expression(n->child(Role::Right))}; break;
  case Kind::UnaryOp: args = {expression(n->child(Role::Operand))}; break;
  case Kind::AugAssign: args = {expression(n->child(Role::Target)), expression(n->child(Role::Value))}; break;
  case Kind::Call:
    if (r.receiver) args.push_back(expression(r.receiver));
    for (const Node* a : n->childrenWith(Role::Argument)) args.push_back(copy(a));
    break;
  default: break;
  }
  return opCall(n, r, std::move(args));
}

std::string PlanRenderer::augmentedAssignment(const Node* n) {
  auto rewrite = fp_.rewrites.find(n);
  if (rewrite == fp_.rewrites.end()) return plainAugmentedAssignment(n);
  const Node* target = n->child(Role::Target);
  return rewrittenAugmentedAssignment(slice(target->begin, target->end), rewrittenOp(n, rewrite->second));
}

std::string PlanRenderer::plainAugmentedAssignment(const Node* n) { return copy(n); }

std::string PlanRenderer::insertionText(const Insertion& ins) {
  std::string source = ins.source ? expressionCore(ins.source) : ins.target;
  return quantizeStatement(ins.target, quantizerRef(ins.quantizer), source, ins.source != nullptr);
}

std::vector<std::string> PlanRenderer::linesFor(const std::map<const Node*, std::vector<const Insertion*>>& map,
                                                const Node* anchor) {
  std::vector<std::string> lines;
  auto it = map.find(anchor);
  if (it != map.end())
    for (const Insertion* ins : it->second) lines.push_back(insertionText(*ins));
  return lines;
}

std::uint32_t PlanRenderer::headerLineStart(const Node* b) const {
  // The header line of an inline block is the line of its parent statement.
  const Node* p = b->parent;
  while (p && !p->isStatement() && !p->is(Kind::Function) && !p->is(Kind::Class)) p = p->parent;
  return p ? p->begin : b->begin;
}

std::string PlanRenderer::block(const Node* b) {
  if (b->children.empty()) return copy(b);
  bool inlineBlock = b->has(BlockInline);
  std::string outerIndent = indentationAt(text_, headerLineStart(b));
  std::string indent = inlineBlock ? outerIndent + unit_.indentUnit : indentationAt(text_, b->children.front()->begin);
  std::vector<std::vector<std::string>> beforeLines, afterLines;
  bool changed = false;
  std::vector<std::string> start = linesFor(blockStart_, b);
  std::size_t startIndex = isDocstring(b->children.front()) ? 1 : 0;
  for (std::size_t i = 0; i < b->children.size(); ++i) {
    const Node* stmt = b->children[i];
    std::vector<std::string> before;
    if (i == startIndex) before = start;
    auto hoists = fp_.hoistedBefore.find(stmt);
    if (hoists != fp_.hoistedBefore.end())
      for (const Node* h : hoists->second) {
        for (auto& l : linesFor(before_, h)) before.push_back(l);
        before.push_back(hoistStatement(fp_.hoisted.at(h), expression(h, /*asHoistValue=*/true)));
        for (auto& l : linesFor(after_, h)) before.push_back(l);
      }
    for (auto& l : linesFor(before_, stmt)) before.push_back(l);
    std::vector<std::string> after = linesFor(after_, stmt);
    if (!before.empty() || !after.empty()) changed = true;
    beforeLines.push_back(std::move(before));
    afterLines.push_back(std::move(after));
  }
  if (startIndex == 1 && b->children.size() == 1 && !start.empty()) {
    afterLines[0].insert(afterLines[0].begin(), start.begin(), start.end()); // only a docstring
    changed = true;
  }
  if (inlineBlock && changed) {
    // One statement per line once the block grows.
    std::vector<std::string> lines;
    for (std::size_t i = 0; i < b->children.size(); ++i) {
      for (const std::string& l : beforeLines[i]) lines.push_back(l);
      lines.push_back(node(b->children[i]));
      for (const std::string& l : afterLines[i]) lines.push_back(l);
    }
    return expandedBlock(lines, outerIndent, indent);
  }
  // A compact block (`{ return f(x); }`, statements on the header's line) that grows gets one
  // statement per line, indented one level deeper than its header.
  bool compact = changed && !startsLine(text_, b->children.front()->begin);
  if (compact) indent = outerIndent + unit_.indentUnit;
  std::string out;
  std::uint32_t pos = b->begin;
  for (std::size_t i = 0; i < b->children.size(); ++i) {
    const Node* stmt = b->children[i];
    if (compact) {
      std::string gap = slice(pos, stmt->begin);
      out += gap.substr(0, gap.find_last_not_of(" \t") + 1) + "\n" + indent;
      for (const std::string& line : beforeLines[i]) out += line + "\n" + indent;
      out += node(stmt);
      for (const std::string& line : afterLines[i]) out += "\n" + indent + line;
      pos = stmt->end;
      continue;
    }
    out += slice(pos, stmt->begin);
    for (const std::string& line : beforeLines[i]) out += line + "\n" + indent;
    out += node(stmt);
    for (const std::string& line : afterLines[i]) out += "\n" + indent + line;
    pos = stmt->end;
  }
  std::string tail = slice(pos, b->end);
  if (compact) tail = "\n" + outerIndent + tail.substr(std::min(tail.size(), tail.find_first_not_of(" \t")));
  out += tail;
  return out;
}

} // namespace ffquant::emit

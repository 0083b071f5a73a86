// Renders a plan as Python text. Every converted function is its original text with the plan's
// edits applied in one tree walk: a node the plan does not touch is copied byte for byte, with
// only its edited children substituted.
#include "ffquant/python/PythonEmitter.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <sstream>

namespace ffquant::python {

using namespace ir;
using namespace analysis;

namespace {

bool isDocstring(const Node* stmt) {
  if (!stmt->is(Kind::ExprStmt)) return false;
  const Node* v = stmt->child(Role::Value);
  return v && v->is(Kind::Literal) && v->has(LiteralString);
}

/// Whitespace before `offset` on its line, if only whitespace precedes it there.
std::string indentationAt(const std::string& text, std::size_t offset) {
  std::size_t lineStart = offset;
  while (lineStart > 0 && text[lineStart - 1] != '\n') --lineStart;
  std::string prefix = text.substr(lineStart, offset - lineStart);
  if (prefix.find_first_not_of(" \t") != std::string::npos) {
    std::size_t n = prefix.find_first_not_of(" \t");
    return prefix.substr(0, n);
  }
  return prefix;
}

class FunctionRenderer {
public:
  FunctionRenderer(const Plan& plan, const FunctionPlan& fp)
      : plan_(plan), fp_(fp), unit_(*fp.unit), text_(unit_.text()) {
    for (const Insertion& ins : fp.insertions) {
      switch (ins.where) {
      case Insertion::Where::BlockStart: blockStart_[ins.anchor].push_back(&ins); break;
      case Insertion::Where::Before: before_[ins.anchor].push_back(&ins); break;
      case Insertion::Where::After: after_[ins.anchor].push_back(&ins); break;
      }
    }
  }

  /// The whole function, from its first decorator to the end of its body.
  std::string render() {
    std::string out = node(fp_.function);
    if (fp_.emittedName.empty() || fp_.emittedName == fp_.function->text) return out;
    // The helper's new name replaces the one after `def` (decorators come first).
    std::size_t headerStart = 0;
    for (const Node* d : fp_.function->childrenWith(Role::Decorator)) headerStart = d->end - fp_.function->begin;
    std::size_t def = out.find("def", headerStart);
    std::size_t name = out.find(fp_.function->text, def + 3);
    if (def != std::string::npos && name != std::string::npos)
      out.replace(name, fp_.function->text.size(), fp_.emittedName);
    return out;
  }

private:
  std::string quantizerRef(int q) const {
    const std::string& name = plan_.quantizer(q).name;
    return fp_.context == FunctionContext::Instance ? fp_.selfName + "." + name : name;
  }

  std::string slice(std::uint32_t begin, std::uint32_t end) const { return text_.substr(begin, end - begin); }

  /// Renders any node by kind.
  std::string node(const Node* n) {
    if (n->is(Kind::Block)) return block(n);
    if (n->is(Kind::AugAssign)) return augmentedAssignment(n);
    if (n->is(Kind::Function)) return function(n);
    if (n->isExpression()) return expression(n);
    return copy(n);
  }

  /// Original text of `n`, with each child rendered in its place.
  std::string copy(const Node* n) {
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

  std::string expression(const Node* n, bool asHoistValue = false) {
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

  std::string expressionCore(const Node* n) {
    auto rewrite = fp_.rewrites.find(n);
    if (rewrite != fp_.rewrites.end()) return rewrittenOp(n, rewrite->second);
    auto renamed = fp_.renamedNames.find(n);
    if (renamed != fp_.renamedNames.end()) return renamed->second;
    auto super = fp_.superAnchors.find(n);
    if (super != fp_.superAnchors.end()) return super->second;
    if (n->is(Kind::Call)) return call(n);
    return copy(n);
  }

  /// `callee(args)` with a renamed callee and threaded quantizer keywords appended.
  std::string call(const Node* n) {
    auto renamed = fp_.renamedCallees.find(n);
    auto threaded = fp_.threadedArguments.find(n);
    if (renamed == fp_.renamedCallees.end() && (threaded == fp_.threadedArguments.end() || threaded->second.empty()))
      return copy(n);
    const Node* callee = n->child(Role::Callee);
    std::string out = renamed != fp_.renamedCallees.end() ? renamed->second : expression(callee);
    // Re-render the argument list: everything after the callee.
    std::string args;
    std::uint32_t pos = callee->end;
    for (const Node* c : n->children) {
      if (c == callee) continue;
      args += slice(pos, c->begin) + node(c);
      pos = c->end;
    }
    std::string tail = slice(pos, n->end); // up to and including ')'
    if (threaded != fp_.threadedArguments.end() && !threaded->second.empty()) {
      std::size_t close = tail.rfind(')');
      std::string beforeClose = tail.substr(0, close);
      bool hasArguments = !n->childrenWith(Role::Argument).empty();
      bool trailingComma = beforeClose.find(',') != std::string::npos;
      std::string extra;
      for (const ThreadedArgument& t : threaded->second) {
        if (!extra.empty()) extra += ", ";
        extra += t.parameter + "=" + quantizerRef(t.quantizer);
      }
      std::string separator = (hasArguments && !trailingComma) ? ", " : (trailingComma ? " " : "");
      tail = beforeClose + separator + extra + tail.substr(close);
    }
    return out + args + tail;
  }

  std::string rewrittenOp(const Node* n, const OpRewrite& r) {
    std::vector<std::string> args;
    switch (n->kind) {
    case Kind::BinaryOp:
      args = {expression(n->child(Role::Left)), expression(n->child(Role::Right))};
      break;
    case Kind::UnaryOp: args = {expression(n->child(Role::Operand))}; break;
    case Kind::AugAssign:
      args = {expression(n->child(Role::Target)), expression(n->child(Role::Value))};
      break;
    case Kind::Call:
      if (r.receiver) args.push_back(expression(r.receiver));
      for (const Node* a : n->childrenWith(Role::Argument)) args.push_back(copy(a));
      break;
    default: break;
    }
    if (r.outputQuantizer >= 0) args.push_back("output_quantizer=" + quantizerRef(r.outputQuantizer));
    std::string out = r.dispatch + "(";
    for (std::size_t i = 0; i < args.size(); ++i) out += (i ? ", " : "") + args[i];
    return out + ")";
  }

  /// `t op= v` is emitted expanded, `t = t op v` (spec §2.4), rewritten or not.
  std::string augmentedAssignment(const Node* n) {
    const Node* target = n->child(Role::Target);
    const Node* value = n->child(Role::Value);
    std::string left = slice(target->begin, target->end);
    auto rewrite = fp_.rewrites.find(n);
    if (rewrite != fp_.rewrites.end()) return left + " = " + rewrittenOp(n, rewrite->second);
    std::string right = expression(value);
    bool needsParens = !fp_.hoisted.count(value) && !fp_.rewrites.count(value) &&
                       (value->is(Kind::BinaryOp) || value->is(Kind::BoolOp) || value->is(Kind::Compare) ||
                        value->is(Kind::Conditional) || value->is(Kind::Lambda) ||
                        (value->is(Kind::UnaryOp) && value->text == "not"));
    if (needsParens && text_[value->begin] != '(') right = "(" + right + ")";
    return left + " = " + expression(target) + " " + n->text + " " + right;
  }

  std::string insertionText(const Insertion& ins) {
    std::string source = ins.source ? expressionCore(ins.source) : ins.target;
    return ins.target + " = " + quantizerRef(ins.quantizer) + "(" + source + ")";
  }

  std::vector<std::string> linesFor(const std::map<const Node*, std::vector<const Insertion*>>& map, const Node* anchor) {
    std::vector<std::string> lines;
    auto it = map.find(anchor);
    if (it != map.end())
      for (const Insertion* ins : it->second) lines.push_back(insertionText(*ins));
    return lines;
  }

  std::string block(const Node* b) {
    if (b->children.empty()) return copy(b);
    bool inlineBlock = b->has(BlockInline);
    std::string indent = inlineBlock ? indentationAt(text_, b->parent ? lineStartOf(b) : b->begin) + unit_.indentUnit
                                     : indentationAt(text_, b->children.front()->begin);
    // Lines of the block in order; each entry is either generated text or a statement.
    std::vector<std::pair<std::vector<std::string>, const Node*>> pieces; // lines before, statement
    std::vector<std::vector<std::string>> afterLines;
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
          before.push_back(fp_.hoisted.at(h) + " = " + expression(h, /*asHoistValue=*/true));
          for (auto& l : linesFor(after_, h)) before.push_back(l);
        }
      for (auto& l : linesFor(before_, stmt)) before.push_back(l);
      std::vector<std::string> after = linesFor(after_, stmt);
      if (!before.empty() || !after.empty()) changed = true;
      pieces.emplace_back(std::move(before), stmt);
      afterLines.push_back(std::move(after));
    }
    if (startIndex == 1 && b->children.size() == 1 && !start.empty()) {
      // Only a docstring: the insertions follow it.
      afterLines[0].insert(afterLines[0].begin(), start.begin(), start.end());
      changed = true;
    }
    std::string out;
    std::uint32_t pos = b->begin;
    bool expand = inlineBlock && changed;
    for (std::size_t i = 0; i < pieces.size(); ++i) {
      const Node* stmt = pieces[i].second;
      std::string gap = slice(pos, stmt->begin);
      if (expand) gap = "\n" + indent; // one statement per line once the block grows
      out += gap;
      for (const std::string& line : pieces[i].first) out += line + "\n" + indent;
      out += node(stmt);
      for (const std::string& line : afterLines[i]) out += "\n" + indent + line;
      pos = stmt->end;
    }
    out += slice(pos, b->end);
    return out;
  }

  std::uint32_t lineStartOf(const Node* b) const {
    // The header line of an inline block is the line of its parent statement.
    const Node* p = b->parent;
    while (p && !p->isStatement() && !p->is(Kind::Function) && !p->is(Kind::Class)) p = p->parent;
    return p ? p->begin : b->begin;
  }

  /// A function: decorators and header copied, keyword-only quantizer parameters appended for
  /// free functions, body rendered.
  std::string function(const Node* f) {
    if (f != fp_.function || fp_.context != FunctionContext::Free || fp_.parameters.empty()) return copy(f);
    std::size_t close = parameterListClose(f);
    std::string params;
    bool hasStar = false;
    for (const Node* p : f->childrenWith(Role::Parameter))
      if (p->has(ParamVarArgs) || p->has(ParamKeywordOnly)) hasStar = true;
    // A bare `*` separator is not a Parameter node: look for it in the header text.
    std::string header = slice(f->begin, static_cast<std::uint32_t>(close));
    std::size_t open = header.find('(', header.find(f->text));
    std::string list = open == std::string::npos ? "" : header.substr(open + 1);
    if (list.find('*') != std::string::npos) hasStar = true;
    for (int q : fp_.parameters) {
      if (!params.empty()) params += ", ";
      params += plan_.quantizer(q).name + ": fastforward.nn.Quantizer";
    }
    if (!hasStar) params = "*, " + params;
    std::size_t last = list.find_last_not_of(" \t\r\n");
    bool empty = last == std::string::npos;
    bool trailingComma = !empty && list[last] == ',';
    std::string insert = empty ? params : (trailingComma ? " " + params : ", " + params);
    // Render the function with the insertion placed before the closing parenthesis.
    std::string out;
    std::uint32_t pos = f->begin;
    bool inserted = false;
    for (const Node* c : f->children) {
      if (!inserted && c->begin > close) {
        out += slice(pos, static_cast<std::uint32_t>(close)) + insert;
        pos = static_cast<std::uint32_t>(close);
        inserted = true;
      }
      out += slice(pos, c->begin) + node(c);
      pos = c->end;
    }
    out += slice(pos, f->end);
    return out;
  }

  /// Offset of the `)` closing the parameter list of `f`.
  std::size_t parameterListClose(const Node* f) const {
    std::size_t pos = f->begin;
    for (const Node* d : f->childrenWith(Role::Decorator)) pos = d->end;
    pos = text_.find("def", pos);
    pos = text_.find('(', pos);
    int depth = 0;
    for (std::size_t i = pos; i < text_.size(); ++i) {
      char c = text_[i];
      if (c == '#') {
        while (i < text_.size() && text_[i] != '\n') ++i;
        continue;
      }
      if (c == '"' || c == '\'') {
        char quote = c;
        for (++i; i < text_.size() && text_[i] != quote; ++i)
          if (text_[i] == '\\') ++i;
        continue;
      }
      if (c == '(' || c == '[' || c == '{') ++depth;
      if (c == ')' || c == ']' || c == '}') {
        if (--depth == 0) return i;
      }
    }
    return text_.size();
  }

  const Plan& plan_;
  const FunctionPlan& fp_;
  const SourceUnit& unit_;
  const std::string& text_;
  std::map<const Node*, std::vector<const Insertion*>> blockStart_, before_, after_;
};

// ----- imports -------------------------------------------------------------------------------

const std::set<std::string>& stdlibModules() {
  static const std::set<std::string> names = {
      "abc", "argparse", "array", "ast", "asyncio", "builtins", "collections", "contextlib", "copy",
      "dataclasses", "datetime", "enum", "functools", "gc", "glob", "hashlib", "heapq", "importlib",
      "inspect", "io", "itertools", "json", "logging", "math", "numbers", "operator", "os", "pathlib",
      "pickle", "random", "re", "shutil", "string", "struct", "subprocess", "sys", "tempfile",
      "threading", "time", "types", "typing", "typing_extensions", "unittest", "uuid", "warnings", "weakref"};
  return names;
}

int sectionOf(const std::string& module) {
  std::string root = module.substr(0, module.find('.'));
  if (stdlibModules().count(root)) return 0;
  if (root == "tests") return 2;
  return 1;
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

/// isort's order-by-type: CONSTANTS, then Classes, then everything else.
int nameKind(const std::string& name) {
  bool hasLower = std::any_of(name.begin(), name.end(), [](char c) { return std::islower(static_cast<unsigned char>(c)); });
  if (!hasLower && name.size() > 1) return 0;
  if (std::isupper(static_cast<unsigned char>(name[0]))) return 1;
  return 2;
}

std::string renderImports(const std::set<ImportSymbol>& symbols) {
  std::string out;
  for (int section = 0; section < 3; ++section) {
    std::vector<const ImportSymbol*> plain, from;
    for (const ImportSymbol& s : symbols) {
      if (sectionOf(s.module) != section) continue;
      (s.name.empty() ? plain : from).push_back(&s);
    }
    if (plain.empty() && from.empty()) continue;
    if (!out.empty()) out += "\n";
    std::stable_sort(plain.begin(), plain.end(), [](auto* a, auto* b) {
      return std::make_pair(lower(a->module), a->alias) < std::make_pair(lower(b->module), b->alias);
    });
    for (const ImportSymbol* s : plain)
      out += "import " + s->module + (s->alias.empty() ? "" : " as " + s->alias) + "\n";
    std::map<std::string, std::vector<const ImportSymbol*>> byModule;
    std::vector<std::string> modules;
    for (const ImportSymbol* s : from) {
      if (!byModule.count(s->module)) modules.push_back(s->module);
      byModule[s->module].push_back(s);
    }
    std::stable_sort(modules.begin(), modules.end(), [](auto& a, auto& b) { return lower(a) < lower(b); });
    for (const std::string& module : modules) {
      auto& names = byModule[module];
      std::stable_sort(names.begin(), names.end(), [](auto* a, auto* b) {
        return std::make_tuple(nameKind(a->name), a->name, a->alias) < std::make_tuple(nameKind(b->name), b->name, b->alias);
      });
      std::string combined;
      for (const ImportSymbol* s : names) {
        if (!s->alias.empty()) {
          out += "from " + module + " import " + s->name + " as " + s->alias + "\n";
          continue;
        }
        combined += (combined.empty() ? "" : ", ") + s->name;
      }
      if (!combined.empty()) out += "from " + module + " import " + combined + "\n";
    }
  }
  return out;
}

/// Free names a converted function uses that are bound at module level of its source file.
class ImportCollector {
public:
  explicit ImportCollector(std::set<ImportSymbol>& symbols) : symbols_(symbols) {}

  void collect(const FunctionPlan& fp) {
    const SourceUnit& unit = *fp.unit;
    std::set<std::string> locals;
    collectLocals(fp.function, locals);
    std::set<std::string> used;
    gatherNames(fp, fp.function, used, /*top=*/true);
    for (const std::string& name : used) {
      if (locals.count(name) || !unit.globals.count(name)) continue;
      addGlobal(unit, name);
    }
  }

  void addGlobal(const SourceUnit& unit, const std::string& name) {
    for (const ImportBinding& b : unit.imports) {
      if (b.localName != name) continue;
      if (b.isFromImport) symbols_.insert({b.module, b.name, b.alias});
      else symbols_.insert({b.module, "", b.alias});
      return;
    }
    symbols_.insert({unit.moduleName, name, ""});
  }

private:
  static void addIdentifiers(const std::string& text, std::set<std::string>& out) {
    for (std::size_t i = 0; i < text.size();) {
      char c = text[i];
      if (c == '"' || c == '\'') { // string forward references are left alone
        char quote = c;
        for (++i; i < text.size() && text[i] != quote; ++i) {}
        ++i;
        continue;
      }
      if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
        std::size_t start = i;
        while (i < text.size() && (std::isalnum(static_cast<unsigned char>(text[i])) || text[i] == '_')) ++i;
        if (start == 0 || text[start - 1] != '.') out.insert(text.substr(start, i - start));
        continue;
      }
      ++i;
    }
  }

  void gatherNames(const FunctionPlan& fp, const Node* n, std::set<std::string>& used, bool top) {
    (void)top;
    if (fp.renamedNames.count(n) || fp.replacedByName.count(n)) return;
    if (n->is(Kind::Annotation)) {
      addIdentifiers(fp.unit->textOf(n), used);
      return;
    }
    if (n->is(Kind::Name)) {
      used.insert(n->text);
      return;
    }
    auto rewrite = fp.rewrites.find(n);
    for (const Node* c : n->children) {
      // A rewritten call no longer names its callee; a renamed helper is defined in the output.
      if (c->role == Role::Callee && (rewrite != fp.rewrites.end() || fp.renamedCallees.count(n))) {
        if (rewrite != fp.rewrites.end() && rewrite->second.receiver) gatherNames(fp, rewrite->second.receiver, used, false);
        continue;
      }
      gatherNames(fp, c, used, false);
    }
  }

  static void collectLocals(const Node* function, std::set<std::string>& locals) {
    for (const Node* p : function->childrenWith(Role::Parameter)) locals.insert(p->text);
    walkPreOrder(const_cast<Node*>(function->child(Role::Body)), [&](Node* n) {
      if (n->role == Role::Target) {
        walkPreOrder(n, [&](Node* t) {
          if (t->is(Kind::Name) && (t->parent == n->parent || t->parent->is(Kind::Tuple) ||
                                    t->parent->is(Kind::List) || t->parent->is(Kind::Starred)))
            locals.insert(t->text);
        });
      }
      if (n->is(Kind::Function) || n->is(Kind::Class)) locals.insert(n->text);
    });
  }

  std::set<ImportSymbol>& symbols_;
};

/// Re-indents a function copied from column `from` to column `to`, line by line.
std::string reindent(const std::string& text, const std::string& from, const std::string& to) {
  if (from == to) return text;
  std::string out;
  std::size_t pos = 0;
  bool first = true;
  while (pos <= text.size()) {
    std::size_t eol = text.find('\n', pos);
    std::string line = text.substr(pos, eol == std::string::npos ? std::string::npos : eol - pos);
    if (first) out += line;
    else if (line.rfind(from, 0) == 0) out += to + line.substr(from.size());
    else out += line;
    first = false;
    if (eol == std::string::npos) break;
    out += "\n";
    pos = eol + 1;
  }
  return out;
}

/// Comment lines directly above a definition, kept with it.
std::string leadingComments(const std::string& text, std::uint32_t begin) {
  std::size_t lineStart = begin;
  while (lineStart > 0 && text[lineStart - 1] != '\n') --lineStart;
  std::vector<std::string> lines;
  std::size_t cursor = lineStart;
  while (cursor > 0) {
    std::size_t prevEnd = cursor - 1; // the '\n' ending the previous line
    std::size_t prevStart = prevEnd;
    while (prevStart > 0 && text[prevStart - 1] != '\n') --prevStart;
    std::string line = text.substr(prevStart, prevEnd - prevStart);
    std::size_t first = line.find_first_not_of(" \t");
    if (first == std::string::npos || line[first] != '#') break;
    lines.insert(lines.begin(), line.substr(first));
    cursor = prevStart;
  }
  std::string out;
  for (const std::string& l : lines) out += l + "\n";
  return out;
}

std::string renderFunction(const Plan& plan, const FunctionPlan& fp, const std::string& indent) {
  const std::string& text = fp.unit->text();
  std::string originalIndent = indentationAt(text, fp.function->begin);
  std::string body = FunctionRenderer(plan, fp).render();
  std::string comments;
  for (std::string line : [&] {
         std::vector<std::string> ls;
         std::istringstream in(leadingComments(text, fp.function->begin));
         for (std::string l; std::getline(in, l);) ls.push_back(l);
         return ls;
       }())
    comments += indent + line + "\n";
  return comments + indent + reindent(body, originalIndent, indent);
}

} // namespace

std::string emitPythonModule(const Plan& plan) {
  std::set<ImportSymbol> imports{{"fastforward", "", ""}};
  ImportCollector collector(imports);
  for (const std::string& module : plan.dispatchModules) imports.insert({module, "", ""});
  for (const ClassPlan& cp : plan.classes) {
    std::string alias = cp.baseName == cp.cls->name ? "" : cp.baseName;
    imports.insert({cp.unit->moduleName, cp.cls->name, alias});
    for (const FunctionPlan& m : cp.methods) collector.collect(m);
  }
  for (const FunctionPlan& h : plan.helpers) collector.collect(h);

  std::string out = renderImports(imports);
  for (const FunctionPlan& h : plan.helpers) {
    out += "\n\n";
    out += renderFunction(plan, h, "");
    out += "\n";
  }
  for (const ClassPlan& cp : plan.classes) {
    const std::string unit = cp.unit->indentUnit;
    out += "\n\nclass " + cp.emittedName + "(fastforward.nn.QuantizedModule, " + cp.baseName + "):\n";
    out += unit + "def __init_quantization__(self) -> None:\n";
    out += unit + unit + "super().__init_quantization__()\n";
    for (int q : cp.quantizers)
      out += unit + unit + "self." + plan.quantizer(q).name +
             ": fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()\n";
    for (const FunctionPlan& m : cp.methods) {
      out += "\n";
      out += renderFunction(plan, m, unit);
      out += "\n";
    }
  }
  return out;
}

} // namespace ffquant::python

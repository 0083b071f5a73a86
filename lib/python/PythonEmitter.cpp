// Renders a plan as Python text. Every converted function is its original text with the plan's
// edits applied in one tree walk: a node the plan does not touch is copied byte for byte, with
// only its edited children substituted.
#include "ffquant/python/PythonEmitter.h"

#include "ffquant/emit/PlanRenderer.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <sstream>

namespace ffquant::python {

using namespace ir;
using namespace analysis;

namespace {

/// Python syntax for the shared renderer.
class PythonRenderer : public emit::PlanRenderer {
public:
  using PlanRenderer::PlanRenderer;

  std::string renderFunction() {
    std::string out = render();
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

protected:
  std::string quantizerRef(int q) const override {
    const std::string& name = plan_.quantizer(q).name;
    return fp_.context == FunctionContext::Instance ? fp_.selfName + "." + name : name;
  }

  std::string quantizeStatement(const std::string& target, const std::string& quantizer, const std::string& source,
                                bool) const override {
    return target + " = " + quantizer + "(" + source + ")";
  }

  std::string hoistStatement(const std::string& name, const std::string& expression) const override {
    return name + " = " + expression;
  }

  std::string opCall(const Node*, const OpRewrite& r, std::vector<std::string> args) const override {
    if (r.outputQuantizer >= 0) args.push_back("output_quantizer=" + quantizerRef(r.outputQuantizer));
    std::string out = r.dispatch + "(";
    for (std::size_t i = 0; i < args.size(); ++i) out += (i ? ", " : "") + args[i];
    return out + ")";
  }

  std::string rewrittenAugmentedAssignment(const std::string& target, const std::string& op) const override {
    return target + " = " + op;
  }

  /// `t op= v` is emitted expanded, `t = t op v` (spec §2.4), even when the op is not rewritten.
  std::string plainAugmentedAssignment(const Node* n) override {
    const Node* target = n->child(Role::Target);
    const Node* value = n->child(Role::Value);
    std::string right = expression(value);
    bool needsParens = !fp_.hoisted.count(value) && !fp_.rewrites.count(value) &&
                       (value->is(Kind::BinaryOp) || value->is(Kind::BoolOp) || value->is(Kind::Compare) ||
                        value->is(Kind::Conditional) || value->is(Kind::Lambda) ||
                        (value->is(Kind::UnaryOp) && value->text == "not"));
    if (needsParens && text_[value->begin] != '(') right = "(" + right + ")";
    return slice(target->begin, target->end) + " = " + expression(target) + " " + n->text + " " + right;
  }

  std::string threadedArgument(const std::string& parameter, const std::string& value) const override {
    return parameter + "=" + value;
  }

  std::string expandedBlock(const std::vector<std::string>& lines, const std::string&,
                            const std::string& indent) const override {
    std::string out;
    for (const std::string& l : lines) out += "\n" + indent + l;
    return out;
  }

  /// Keyword-only quantizer parameters appended to a free function's parameter list (§6.4):
  /// after any keyword-only parameters, before `**kwargs`.
  std::string functionWithParameters(const Node* f) override {
    std::string params;
    for (int q : fp_.parameters) {
      if (!params.empty()) params += ", ";
      params += plan_.quantizer(q).name + ": fastforward.nn.Quantizer";
    }
    const Node* kwargs = nullptr;
    bool hasStar = false;
    for (const Node* p : f->childrenWith(Role::Parameter)) {
      if (p->has(ParamVarArgs) || p->has(ParamKeywordOnly)) hasStar = true;
      if (p->has(ParamKwArgs)) kwargs = p;
    }
    std::size_t close = parameterListClose(f);
    std::string header = slice(f->begin, static_cast<std::uint32_t>(close));
    std::size_t open = header.find('(', header.find(f->text));
    std::string list = open == std::string::npos ? "" : header.substr(open + 1);
    if (!hasStar && list.find('*') != std::string::npos && !kwargs) hasStar = true; // a bare `*`
    if (!hasStar) params = "*, " + params;
    std::size_t insertAt;
    std::string insert;
    if (kwargs) {
      insertAt = kwargs->begin; // before `**kwargs`
      insert = params + ", ";
    } else {
      std::size_t last = list.find_last_not_of(" \t\r\n");
      bool empty = last == std::string::npos;
      bool trailingComma = !empty && list[last] == ',';
      insertAt = close;
      insert = empty ? params : (trailingComma ? " " + params : ", " + params);
    }
    std::string out;
    std::uint32_t pos = f->begin;
    bool inserted = false;
    for (const Node* c : f->children) {
      if (!inserted && c->begin >= insertAt && c->role != Role::Decorator) {
        out += slice(pos, static_cast<std::uint32_t>(insertAt)) + insert;
        pos = static_cast<std::uint32_t>(insertAt);
        inserted = true;
      }
      out += slice(pos, c->begin) + node(c);
      pos = c->end;
    }
    out += slice(pos, f->end);
    return out;
  }

private:
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
    std::set<std::string> used;
    gatherNames(fp, fp.function, used);
    for (const std::string& name : used)
      if (unit.globals.count(name)) addGlobal(unit, name);
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

  /// Free names the emitted function reads: annotations' identifiers and Names that no
  /// enclosing function or comprehension binds.
  void gatherNames(const FunctionPlan& fp, const Node* n, std::set<std::string>& used) {
    if (fp.renamedNames.count(n) || fp.replacedByName.count(n)) return;
    if (n->is(Kind::Annotation)) {
      addIdentifiers(fp.unit->textOf(n), used);
      return;
    }
    if (n->is(Kind::Name)) {
      if (!locals_.isLocal(n)) used.insert(n->text);
      return;
    }
    auto rewrite = fp.rewrites.find(n);
    for (const Node* c : n->children) {
      // A rewritten call no longer names its callee; a renamed helper is defined in the output.
      if (c->role == Role::Callee && (rewrite != fp.rewrites.end() || fp.renamedCallees.count(n))) {
        if (rewrite != fp.rewrites.end() && rewrite->second.receiver) gatherNames(fp, rewrite->second.receiver, used);
        continue;
      }
      gatherNames(fp, c, used);
    }
  }

  std::set<ImportSymbol>& symbols_;
  LocalNames locals_;
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
  std::string originalIndent = emit::indentationAt(text, fp.function->begin);
  std::string body = PythonRenderer(plan, fp).renderFunction();
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

// Renders a plan over C++ input as transformed copies of the module classes (architecture.md §5):
// renamed `Quantized<Name>`, module types mapped to their quantized counterparts, quantizer slots
// registered as members, and methods rewritten through the shared plan renderer.
#include "ffquant/cpp/CppEmitter.h"

#include "ffquant/emit/PlanRenderer.h"

#include <algorithm>
#include <map>
#include <set>

namespace ffquant::cpp {

using namespace ir;
using namespace analysis;

namespace {

/// Standard torch::nn modules the runtime has quantized counterparts of.
const std::set<std::string>& quantizedStandardModules() {
  static const std::set<std::string> names = {
      "Linear", "Conv1d", "Conv2d", "Conv3d", "ConvTranspose1d", "ConvTranspose2d", "ConvTranspose3d",
      "BatchNorm1d", "BatchNorm2d", "BatchNorm3d", "LayerNorm", "Embedding", "ReLU", "GELU", "SiLU",
      "Sigmoid", "Softmax", "Dropout", "MaxPool1d", "MaxPool2d", "AvgPool1d", "AvgPool2d",
      "AdaptiveAvgPool1d", "AdaptiveAvgPool2d"};
  return names;
}

/// Text replacements over the original source, applied wherever the renderer copies text.
class Replacements {
public:
  void add(std::uint32_t begin, std::uint32_t end, std::string text) {
    for (auto& [b, r] : edits_)
      if (begin < r.first && b < end) return; // overlapping: the first (outermost) wins
    edits_[begin] = {end, std::move(text)};
  }

  std::string apply(const std::string& source, std::uint32_t begin, std::uint32_t end) const {
    std::string out;
    std::uint32_t pos = begin;
    for (auto it = edits_.lower_bound(begin); it != edits_.end() && it->first < end; ++it) {
      if (it->second.first > end) break; // crosses the end of the slice: leave it
      out += source.substr(pos, it->first - pos) + it->second.second;
      pos = it->second.first;
    }
    return out + source.substr(pos, end - pos);
  }

private:
  std::map<std::uint32_t, std::pair<std::uint32_t, std::string>> edits_;
};

/// A C++ default argument for a schema default (schemas are written in Python's spelling).
std::string cppDefault(const optable::Parameter& p) {
  const std::string& d = *p.defaultValue;
  if (d == "None") return "{}";
  if (d == "True") return "true";
  if (d == "False") return "false";
  bool isString = p.type.kind == optable::Type::Kind::Base && p.type.base == optable::BaseType::Str;
  if (!isString && p.type.kind == optable::Type::Kind::Union)
    for (const optable::Type& m : p.type.members)
      if (m.kind == optable::Type::Kind::Base && m.base == optable::BaseType::Str) isString = true;
  if (isString && d.find_first_not_of("0123456789.-") != std::string::npos) return "\"" + d + "\"";
  return d;
}

class CppRenderer : public emit::PlanRenderer {
public:
  CppRenderer(const Plan& plan, const FunctionPlan& fp, const Replacements& replacements)
      : PlanRenderer(plan, fp), replacements_(replacements) {}

  /// The declaration of the rendered function (its text up to the body), so helpers can call
  /// each other whatever order they are defined in.
  std::string prototype() {
    headerOnly_ = true;
    std::string text = render();
    headerOnly_ = false;
    return text;
  }

protected:
  std::string slice(std::uint32_t begin, std::uint32_t end) const override {
    return replacements_.apply(text_, begin, end);
  }

  std::string quantizerRef(int q) const override { return plan_.quantizer(q).name; }

  std::string quantizeStatement(const std::string& target, const std::string& quantizer, const std::string& source,
                                bool declares) const override {
    return (declares ? "auto " : "") + target + " = " + quantizer + "(" + source + ");";
  }

  std::string hoistStatement(const std::string& name, const std::string& expression) const override {
    return "auto " + name + " = " + expression + ";";
  }

  /// C++ has no keyword arguments: the output quantizer is the last positional argument, so the
  /// schema's defaults in between are spelled out.
  std::string opCall(const Node*, const OpRewrite& r, std::vector<std::string> args) const override {
    if (r.outputQuantizer >= 0) {
      const auto& params = r.entry->schema.parameters;
      for (std::size_t i = args.size(); i < params.size(); ++i)
        args.push_back(params[i].hasDefault() ? cppDefault(params[i]) : "{}");
      args.push_back(quantizerRef(r.outputQuantizer));
    }
    std::string out = r.dispatch + "(";
    for (std::size_t i = 0; i < args.size(); ++i) out += (i ? ", " : "") + args[i];
    return out + ")";
  }

  std::string rewrittenAugmentedAssignment(const std::string& target, const std::string& op) const override {
    return target + " = " + op + ";";
  }

  std::string threadedArgument(const std::string&, const std::string& value) const override { return value; }

  std::string expandedBlock(const std::vector<std::string>& lines, const std::string& outerIndent,
                            const std::string& indent) const override {
    std::string out = "{";
    for (const std::string& l : lines) out += "\n" + indent + l;
    return out + "\n" + outerIndent + "}";
  }

  /// Quantizer parameters of a free function: slots, passed positionally after its own.
  std::string functionWithParameters(const Node* f) override {
    std::string params;
    for (int q : fp_.parameters) params += ", const fastforward::nn::QuantizerSlot& " + plan_.quantizer(q).name;
    std::size_t open = text_.find('(', text_.find(f->text, f->begin));
    int depth = 0;
    std::size_t close = open;
    for (std::size_t i = open; i < f->end; ++i) {
      if (text_[i] == '(') ++depth;
      if (text_[i] == ')' && --depth == 0) {
        close = i;
        break;
      }
    }
    bool noParameters = f->childrenWith(Role::Parameter).empty();
    if (noParameters) params = params.substr(2);
    std::string out;
    std::uint32_t pos = f->begin;
    bool inserted = false;
    for (const Node* c : f->children) {
      if (!inserted && c->begin > close) {
        out += slice(pos, static_cast<std::uint32_t>(close)) + params;
        pos = static_cast<std::uint32_t>(close);
        inserted = true;
      }
      if (headerOnly_ && c->role == Role::Body) {
        std::string header = slice(pos, c->begin - 1); // up to the body's `{`
        return out + header.substr(0, header.find_last_not_of(" \t\n") + 1);
      }
      out += slice(pos, c->begin) + node(c);
      pos = c->end;
    }
    out += slice(pos, f->end);
    return out;
  }

private:
  const Replacements& replacements_;
  bool headerOnly_ = false;
};

/// Whitespace of the first member line of a class body, for inserted members.
std::string memberIndent(const std::string& text, std::uint32_t bodyEnd, std::uint32_t classBegin) {
  // The first member line that is not an access specifier (`public:`).
  std::size_t line = text.find('\n', text.find('{', classBegin));
  while (line != std::string::npos && line < bodyEnd) {
    std::size_t start = line + 1;
    std::size_t end = start;
    while (end < text.size() && (text[end] == ' ' || text[end] == '\t')) ++end;
    std::size_t eol = text.find('\n', start);
    std::string content = text.substr(end, eol == std::string::npos ? std::string::npos : eol - end);
    std::size_t last = content.find_last_not_of(" \t\r");
    if (end > start && last != std::string::npos && content[last] != ':') return text.substr(start, end - start);
    line = eol;
  }
  return "  ";
}

/// The runtime's QuantizerMetadata factory giving a generated quantizer FastForward's default
/// tags for its role, so queries select it like the standard modules' quantizers.
const char* metadataFactory(analysis::QuantizerRole role) {
  switch (role) {
  case analysis::QuantizerRole::Output: return "output";
  case analysis::QuantizerRole::Input: return "input";
  case analysis::QuantizerRole::Attribute: return "parameter";
  case analysis::QuantizerRole::Value: return "activation";
  }
  return "activation";
}

} // namespace

namespace {

/// The copies made from one input: its helpers, then its converted classes in source order.
/// `converted` and `holderToImpl` span every input, so a copy refers to copies made from others.
std::string emitUnit(const Plan& plan, const CppUnit& cpp, const std::map<std::string, const ClassPlan*>& converted,
                     const std::map<std::string, std::string>& holderToImpl) {
  const SourceUnit& unit = *cpp.unit;
  const std::string& text = unit.text();

  Replacements replacements;
  for (const CppClassFacts& f : cpp.classes) {
    if (!converted.count(f.name)) continue;
    replacements.add(f.nameBegin, f.nameBegin + static_cast<std::uint32_t>(f.name.size()), "Quantized" + f.name);
    for (std::uint32_t c : f.constructorNames)
      replacements.add(c, c + static_cast<std::uint32_t>(f.name.size()), "Quantized" + f.name);
    for (auto [b, e] : f.moduleBases) replacements.add(b, e, "fastforward::nn::QuantizedModule");
  }
  for (const TypeRename& r : cpp.typeRenames) {
    const std::string& q = r.qualifiedName;
    // Classes of the file are known by their name; the copy lives in the same namespace.
    std::string local = q.substr(q.rfind("::") == std::string::npos ? 0 : q.rfind("::") + 2);
    std::string replacement;
    if (q.rfind("torch::", 0) != 0 && converted.count(local)) {
      replacement = "Quantized" + local;
    } else if (q.rfind("torch::", 0) != 0 && holderToImpl.count(local) && converted.count(holderToImpl.at(local))) {
      replacement = "Quantized" + local;
    } else if (q.rfind("torch::nn::", 0) == 0) {
      std::string name = q.substr(11);
      std::string base = name.size() > 4 && name.compare(name.size() - 4, 4, "Impl") == 0 ? name.substr(0, name.size() - 4) : name;
      if (quantizedStandardModules().count(base)) replacement = "fastforward::nn::Quantized" + name;
    }
    if (!replacement.empty()) replacements.add(r.begin, r.end, replacement);
  }
  // Free functions that build modules get copies building the quantized ones; calls use them.
  for (const ModuleFactory& factory : cpp.factories) {
    replacements.add(factory.nameBegin, factory.nameBegin + static_cast<std::uint32_t>(factory.name.size()),
                     "quantized_" + factory.name);
    for (auto [b, e] : factory.references) replacements.add(b, e, "quantized_" + factory.name);
  }
  // `const at::Tensor& x` parameters become by-value handles, so `x = quantizer_x(x);` compiles.
  for (auto [b, e] : cpp.constTensorRefParams) replacements.add(b, e, "torch::Tensor");

  std::string out;

  auto renderFunction = [&](const FunctionPlan& fp) { return CppRenderer(plan, fp, replacements).render(); };

  for (const ModuleFactory& factory : cpp.factories)
    if (factory.end > factory.begin) out += "\n" + replacements.apply(text, factory.begin, factory.end) + "\n";

  auto renameHelper = [](std::string text, const FunctionPlan& h) {
    std::size_t name = text.find(h.function->text + "(");
    if (name != std::string::npos) text.replace(name, h.function->text.size(), h.emittedName);
    return text;
  };
  if (!plan.helpers.empty()) out += "\n";
  for (const FunctionPlan& h : plan.helpers)
    if (h.unit == &unit) out += renameHelper(CppRenderer(plan, h, replacements).prototype(), h) + ";\n";
  for (const FunctionPlan& h : plan.helpers) {
    if (h.unit != &unit) continue;
    std::string body = renderFunction(h);
    // The helper's copy is renamed: the first spelling of its name before the parameter list.
    std::size_t name = body.find(h.function->text + "(");
    if (name != std::string::npos) body.replace(name, h.function->text.size(), h.emittedName);
    out += "\n" + body + "\n";
  }

  // Classes in source order: the original compiles, so its order declares everything in time.
  for (const CppClassFacts& f : cpp.classes) {
    auto it = converted.find(f.name);
    if (it == converted.end() || it->second->unit != &unit) continue; // copied from another input
    const ClassPlan& cp = *it->second;
    std::map<std::uint32_t, const FunctionPlan*> inside, outside;
    for (const FunctionPlan& m : cp.methods)
      (m.function->begin >= f.begin && m.function->end <= f.end ? inside : outside)[m.function->begin] = &m;
    std::string classText;
    std::uint32_t pos = f.begin;
    for (auto& [begin, m] : inside) {
      classText += replacements.apply(text, pos, begin) + renderFunction(*m);
      pos = m->function->end;
    }
    std::string indent = memberIndent(text, f.bodyEnd, f.begin);
    classText += replacements.apply(text, pos, f.bodyEnd);
    if (!cp.quantizers.empty()) {
      classText += "\n" + indent + "// Quantizers added by ffquant; configuration replaces them by name.\n";
      for (int q : cp.quantizers) {
        const std::string& name = plan.quantizer(q).name;
        classText += indent + "fastforward::nn::QuantizerSlot " + name + " = register_quantizer(\"" + name +
                     "\", fastforward::nn::QuantizerMetadata::" + metadataFactory(plan.quantizer(q).role) + "());\n";
      }
    }
    classText += replacements.apply(text, f.bodyEnd, f.end);
    std::string opening, closing;
    for (const std::string& ns : f.namespaces) {
      opening += "namespace " + ns + " {\n";
      closing = "} // namespace " + ns + "\n" + closing;
    }
    out += "\n" + opening + classText + "\n";
    if (!f.holderName.empty()) out += "TORCH_MODULE(Quantized" + f.holderName + ");\n";
    // Members defined outside the class: converted ones rendered, the others copied with renames.
    for (auto [b, e] : f.outOfLine) {
      auto converted = outside.find(b);
      out += "\n" + (converted != outside.end() ? renderFunction(*converted->second) : replacements.apply(text, b, e)) + "\n";
    }
    out += closing;
  }
  return out;
}

std::string fileName(const std::string& path) {
  return path.substr(path.rfind('/') == std::string::npos ? 0 : path.rfind('/') + 1);
}

} // namespace

std::string emitCpp(const Plan& plan, const std::vector<const CppUnit*>& units) {
  // Which classes are converted, and the quantized name of every module type the copies spell.
  std::map<std::string, const ClassPlan*> converted;
  for (const ClassPlan& cp : plan.classes) converted[cp.cls->name] = &cp;
  std::map<std::string, std::string> holderToImpl;
  for (const CppUnit* cpp : units)
    for (const CppClassFacts& f : cpp->classes)
      if (!f.holderName.empty()) holderToImpl[f.holderName] = f.name;

  std::string names;
  for (const CppUnit* cpp : units) names += (names.empty() ? "" : ", ") + fileName(cpp->unit->source->path());
  std::string out = "// Generated by ffquant from " + names + ": quantized copies of its module classes. Do not edit.\n";
  // The output of a header is a header; it includes its original for the other declarations.
  const std::string& first = units.front()->unit->source->path();
  std::string extension = first.substr(first.rfind('.') == std::string::npos ? first.size() : first.rfind('.'));
  bool header = extension == ".h" || extension == ".hpp" || extension == ".hh" || extension == ".hxx";
  if (header) out += "#pragma once\n";
  out += "#include <fastforward/fastforward.h>\n";
  std::set<std::string> seen;
  for (const CppUnit* cpp : units)
    for (const std::string& include : cpp->includes)
      if (seen.insert(include).second) out += include + "\n";
  if (header)
    for (const CppUnit* cpp : units) out += "#include \"" + fileName(cpp->unit->source->path()) + "\"\n";
  for (const CppUnit* cpp : units) out += emitUnit(plan, *cpp, converted, holderToImpl);
  return out;
}

} // namespace ffquant::cpp

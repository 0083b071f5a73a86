// Table lookup by the way an op is called, then schema validation of the arguments (§3.3).
#include "ffquant/analysis/OperatorMatch.h"

namespace ffquant::analysis {

using namespace ir;

namespace {

std::string lastComponent(const std::string& dotted, const std::string& separator = ".") {
  std::size_t pos = dotted.rfind(separator);
  return pos == std::string::npos ? dotted : dotted.substr(pos + separator.size());
}

/// Binds positional arguments in order, then keywords by name (§3.3). A starred argument counts
/// as one positional argument.
std::optional<std::vector<ArgumentBinding>> bindArguments(const optable::Schema& schema,
                                                 const std::vector<const Node*>& positional,
                                                 const std::vector<std::pair<std::string, const Node*>>& keywords) {
  const auto& params = schema.parameters;
  if (positional.size() > params.size()) return std::nullopt;
  std::vector<const Node*> bound(params.size(), nullptr);
  std::vector<ArgumentBinding> out;
  for (std::size_t i = 0; i < positional.size(); ++i) {
    bound[i] = positional[i];
    out.push_back({positional[i], &params[i]});
  }
  for (const auto& [name, value] : keywords) {
    std::size_t index = params.size();
    for (std::size_t i = 0; i < params.size(); ++i)
      if (params[i].name == name) index = i;
    if (index == params.size() || bound[index]) return std::nullopt;
    bound[index] = value;
    out.push_back({value, &params[index]});
  }
  for (std::size_t i = 0; i < params.size(); ++i)
    if (!bound[i] && !params[i].hasDefault()) return std::nullopt;
  return out;
}

} // namespace

std::optional<OperatorMatch> matchOperator(const SourceUnit& unit, const optable::OperatorTable& table,
                                           const Node* node, TypeInference& types, const MatchOptions& options) {
  optable::EntryList entries;
  std::vector<const Node*> positional;
  std::vector<std::pair<std::string, const Node*>> keywords;
  std::string quantizerBase;
  const Node* receiver = nullptr;
  bool python = unit.language == Language::Python;

  switch (node->kind) {
  case Kind::BinaryOp:
  case Kind::AugAssign:
    entries = table.lookupBinaryOperator(node->text);
    if (node->is(Kind::BinaryOp)) positional = {node->child(Role::Left), node->child(Role::Right)};
    else positional = {node->child(Role::Target), node->child(Role::Value)};
    break;
  case Kind::UnaryOp:
    entries = table.lookupUnaryOperator(node->text);
    positional = {node->child(Role::Operand)};
    break;
  case Kind::Call: {
    const ResolvedCallee* callee = unit.calleeOf(node);
    if (!callee) return std::nullopt;
    switch (callee->kind) {
    case ResolvedCallee::Kind::Global:
      entries = python ? table.lookupPython(callee->qualifiedName) : table.lookupCpp(callee->qualifiedName);
      quantizerBase = lastComponent(callee->qualifiedName, python ? "." : "::");
      break;
    case ResolvedCallee::Kind::TensorMethod: {
      if (!options.tensorMethods || callee->name.empty() || callee->name.back() == '_') return std::nullopt;
      receiver = node->child(Role::Callee)->child(Role::Receiver);
      if (!receiver) return std::nullopt;
      // Only a value that may be a tensor itself; a list of tensors has no Tensor methods.
      ValueType receiverType = (options.receiverTypes ? *options.receiverTypes : types).typeOf(receiver);
      if (receiverType.tag != ValueType::Tag::Unknown && receiverType.tag != ValueType::Tag::Tensor)
        return std::nullopt;
      entries = table.lookupMethod(callee->name);
      positional.push_back(receiver);
      break;
    }
    default: break;
    }
    if (entries.empty() && python && callee->kind != ResolvedCallee::Kind::TensorMethod) {
      // Nothing resolved: the dotted text itself may be a key (§3.2, §8.4).
      entries = table.lookupPython(callee->spelled);
      quantizerBase = lastComponent(callee->spelled);
    }
    for (const Node* a : node->childrenWith(Role::Argument)) {
      if (!a->text.empty()) keywords.emplace_back(a->text, a->child(Role::Value));
      else positional.push_back(a->child(Role::Value));
      // C++ functional calls that take an options object (`F::softmax(x, F::SoftmaxFuncOptions(1))`)
      // do not bind to a schema's parameters one by one: leave them.
      if (!python && unit.textOf(a).find("Options") != std::string::npos) return std::nullopt;
    }
    // A positional argument after a keyword argument is invalid Python; the parser accepted it.
    break;
  }
  default: return std::nullopt;
  }

  for (const optable::OperatorEntry* entry : entries) {
    if (auto bindings = bindArguments(entry->schema, positional, keywords)) {
      OperatorMatch match;
      match.entry = entry;
      match.bindings = std::move(*bindings);
      match.receiver = receiver;
      // Operators are named after the table's callable (`+` gives `add`), Tensor methods after the
      // operator, calls after the callable as resolved (`torch.relu` gives `relu`).
      if (node->kind != Kind::Call) match.quantizerBase = lastComponent(entry->fallback);
      else if (receiver || quantizerBase.empty()) match.quantizerBase = entry->name();
      else match.quantizerBase = quantizerBase;
      return match;
    }
  }
  return std::nullopt;
}

} // namespace ffquant::analysis

// Quantizer initialisation by path queries (spec §5).
#include "fastforward/quantization/quant_init.h"

#include <unordered_map>

namespace fastforward::quantization {

OverwritePolicy overwrite_policy_from_string(const std::string& name) {
  if (name == "error") return OverwritePolicy::Error;
  if (name == "skip") return OverwritePolicy::Skip;
  if (name == "overwrite") return OverwritePolicy::Overwrite;
  throw std::invalid_argument("unknown overwrite policy '" + name + "' (expected error, skip or overwrite)");
}

namespace {
bool holds_quantizer(const mpath::FilterResult& result) {
  return std::dynamic_pointer_cast<nn::Quantizer>(result.module) != nullptr;
}

std::vector<mpath::FilterResult> quantizers_only(const std::vector<mpath::FilterResult>& results) {
  std::vector<mpath::FilterResult> out;
  for (const auto& r : results)
    if (holds_quantizer(r)) out.push_back(r);
  return out;
}
}  // namespace

QuantizerCollection::QuantizerCollection(torch::nn::Module& root, const std::vector<mpath::FilterResult>& results)
    : mpath::MPathCollection(root, quantizers_only(results)) {}

void QuantizerCollection::append(mpath::FilterResult result) {
  if (!holds_quantizer(result))
    throw std::invalid_argument("QuantizerCollection: '" + result.full_name + "' is not a quantizer");
  mpath::MPathCollection::append(std::move(result));
}

mpath::FilterResult initialize_location(const mpath::FilterResult& location, const QuantizerFactory& factory,
                                        OverwritePolicy policy, bool safe) {
  auto current = std::dynamic_pointer_cast<nn::Quantizer>(location.module);
  if (!current) throw std::invalid_argument("'" + location.full_name + "' is not a quantizer");
  if (!current->is_stub()) {
    switch (policy) {
      case OverwritePolicy::Error:
        throw QuantizationError("'" + location.full_name +
                                "' already holds an initialized quantizer (use OverwritePolicy::Skip or Overwrite)");
      case OverwritePolicy::Skip: return location;
      case OverwritePolicy::Overwrite: break;
    }
  }
  TORCH_CHECK(factory.make, "quantizer factory for '", location.full_name, "' is empty");
  std::shared_ptr<nn::Quantizer> replacement = factory.make(location.full_name, current);
  if (!replacement)
    throw QuantizationError("the quantizer factory returned nothing for '" + location.full_name + "'");
  return location.update_module(replacement, safe);
}

void QuantizerCollection::initialize(const QuantizerFactory& factory, OverwritePolicy policy, bool safe) {
  // Each result is updated, so later set operations and re-initialisation see the new quantizer.
  for (auto& location : mutable_results()) location = initialize_location(location, factory, policy, safe);
}

QuantizerCollection find_quantizers(torch::nn::Module& root, const mpath::Selector& selector) {
  return QuantizerCollection(root, mpath::search(selector, root).results());
}

QuantizerCollection find_quantizers(torch::nn::Module& root, const std::string& query,
                                    const mpath::Aliases* aliases) {
  return QuantizerCollection(root, mpath::search(query, root, aliases).results());
}

QuantizationConfig& QuantizationConfig::add_rule(const std::string& query, QuantizerFactory factory,
                                                 const mpath::Aliases* aliases) {
  rules_.push_back(Rule{mpath::query(query, aliases), query, std::move(factory)});
  return *this;
}

QuantizationConfig& QuantizationConfig::add_rule(const mpath::Selector& selector, QuantizerFactory factory) {
  rules_.push_back(Rule{selector, selector.str(), std::move(factory)});
  return *this;
}

int QuantizationConfig::precedence_score(const Rule&, const mpath::FilterResult&) const { return 1; }

void QuantizationConfig::initialize(torch::nn::Module& model, bool safe, OverwritePolicy policy) const {
  // Which rule wins where: decided for every location before anything is replaced.
  struct Choice {
    const Rule* rule;
    mpath::FilterResult location;
    int score;
  };
  std::vector<Choice> choices;  // in order of the first rule that matched each quantizer
  std::unordered_map<const torch::nn::Module*, std::size_t> index;
  for (const Rule& rule : rules_) {
    for (const mpath::FilterResult& location : find_quantizers(model, rule.selector)) {
      const int score = precedence_score(rule, location);
      auto [it, inserted] = index.emplace(location.module.get(), choices.size());
      if (inserted) {
        choices.push_back({&rule, location, score});
      } else if (score >= choices[it->second].score) {  // ties: the rule added last wins
        choices[it->second] = {&rule, location, score};
      }
    }
  }
  for (const Choice& choice : choices) initialize_location(choice.location, choice.rule->factory, policy, safe);
}

std::string QuantizationConfig::str() const {
  std::string text = "QuantizationConfig(\n";
  for (const Rule& rule : rules_) text += "  " + rule.query + " => " + rule.factory.description + "\n";
  return text + ")";
}

}  // namespace fastforward::quantization

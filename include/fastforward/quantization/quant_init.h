// Quantizer initialisation by path queries (spec §5): find_quantizers, QuantizerCollection and
// QuantizationConfig, which turn the stubs of a quantized model into real quantizers by rules
// such as `"**/[qtag:parameter/weight]" => LinearQuantizer(4 bits, per channel)`.
#pragma once

#include "fastforward/mpath/mpath.h"
#include "fastforward/nn/quantizer.h"

#include <functional>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

namespace fastforward::quantization {

/// What to do when a location already holds an initialized (non-stub) quantizer.
enum class OverwritePolicy {
  Error,      ///< throw QuantizationError (the default)
  Skip,       ///< leave it
  Overwrite,  ///< replace it
};
/// "error", "skip" or "overwrite"; anything else is std::invalid_argument.
OverwritePolicy overwrite_policy_from_string(const std::string& name);

/// Makes the quantizer for one location from its full name and the quantizer there now (a stub
/// or an initialized quantizer). Each call must return a new quantizer: nothing is shared.
struct QuantizerFactory {
  using Function = std::function<std::shared_ptr<nn::Quantizer>(
      const std::string& name, const std::shared_ptr<nn::Quantizer>& current)>;

  QuantizerFactory() = default;
  QuantizerFactory(Function function, std::string description = "<function>")
      : make(std::move(function)), description(std::move(description)) {}
  template <class F, class = std::enable_if_t<std::is_invocable_v<F, const std::string&,
                                                                   const std::shared_ptr<nn::Quantizer>&>>>
  QuantizerFactory(F function) : QuantizerFactory(Function(std::move(function))) {}

  Function make;
  /// Shown by QuantizationConfig::str(): `LinearQuantizer(num_bits=4, ...)`.
  std::string description;
};

/// The factory that constructs `QuantizerType(arguments...)` for every location, the C++ form of
/// passing a Quantizer class and keyword arguments: `quantizer_factory<LinearQuantizer>(
/// LinearQuantizerOptions(4).granularity(Granularity::per_channel(0)))`.
template <class QuantizerType, class... Arguments>
QuantizerFactory quantizer_factory(Arguments... arguments) {
  std::ostringstream description;
  QuantizerType(arguments...).pretty_print(description);
  return QuantizerFactory(
      [=](const std::string&, const std::shared_ptr<nn::Quantizer>&) -> std::shared_ptr<nn::Quantizer> {
        return std::make_shared<QuantizerType>(arguments...);
      },
      description.str());
}

/// Search results that are quantizers (stubs included).
class QuantizerCollection : public mpath::MPathCollection {
 public:
  /// Keeps only the results whose module is a Quantizer.
  explicit QuantizerCollection(torch::nn::Module& root, const std::vector<mpath::FilterResult>& results = {});

  /// Adds a result; std::invalid_argument when its module is not a Quantizer. (FastForward checks
  /// the result object itself and so always fails: spec §9; fixed here.)
  void append(mpath::FilterResult result) override;

  /// Puts `factory(name, current)` at every location, in order. Stubs are always replaced;
  /// initialized quantizers as `policy` says. Not transactional: a failure halfway leaves the
  /// earlier locations replaced.
  void initialize(const QuantizerFactory& factory, OverwritePolicy policy = OverwritePolicy::Error,
                  bool safe = true);
};

/// Initializes one location (the per-location step of QuantizerCollection::initialize) and
/// returns it as it is now (unchanged when the policy skipped it).
mpath::FilterResult initialize_location(const mpath::FilterResult& location, const QuantizerFactory& factory,
                                        OverwritePolicy policy, bool safe);

/// The quantizers (stubs included) under `root` that match `query`.
QuantizerCollection find_quantizers(torch::nn::Module& root, const std::string& query,
                                    const mpath::Aliases* aliases = nullptr);
QuantizerCollection find_quantizers(torch::nn::Module& root, const mpath::Selector& selector);
template <class ModuleType>
QuantizerCollection find_quantizers(const torch::nn::ModuleHolder<ModuleType>& root,
                                    const std::string& query, const mpath::Aliases* aliases = nullptr) {
  return find_quantizers(*root.ptr(), query, aliases);
}

/// Rules `query => factory`. For each quantizer matched by several rules the one with the highest
/// precedence_score wins; on equal scores the rule added last wins.
class QuantizationConfig {
 public:
  struct Rule {
    mpath::Selector selector;
    std::string query;
    QuantizerFactory factory;
  };

  virtual ~QuantizationConfig() = default;

  /// Parses the query now (errors point at the offending character) and appends the rule.
  QuantizationConfig& add_rule(const std::string& query, QuantizerFactory factory,
                               const mpath::Aliases* aliases = nullptr);
  QuantizationConfig& add_rule(const mpath::Selector& selector, QuantizerFactory factory);

  /// Replaces the matched quantizers of `model` (stubs stay stubs when no rule matches them).
  void initialize(torch::nn::Module& model, bool safe = true,
                  OverwritePolicy policy = OverwritePolicy::Error) const;
  template <class ModuleType>
  void initialize(const torch::nn::ModuleHolder<ModuleType>& model, bool safe = true,
                  OverwritePolicy policy = OverwritePolicy::Error) const {
    initialize(*model.ptr(), safe, policy);
  }

  /// Score of `rule` for one location; the default is 1 everywhere. Override to prefer, say, the
  /// more specific query.
  virtual int precedence_score(const Rule& rule, const mpath::FilterResult& result) const;

  const std::vector<Rule>& rules() const { return rules_; }
  /// One line per rule: `query => factory description`.
  std::string str() const;

 private:
  std::vector<Rule> rules_;
};

}  // namespace fastforward::quantization

// The report of a plan: names and source locations, for `--report` (see PlanReport.h).
#include "ffquant/analysis/PlanReport.h"

#include <map>

namespace ffquant::analysis {

namespace {

/// Maps a node to its unit through the root of its tree.
class Locator {
public:
  explicit Locator(const std::vector<const ir::SourceUnit*>& units) {
    for (const ir::SourceUnit* u : units)
      if (u->tree.root()) byRoot_[u->tree.root()] = u;
  }

  /// The node's location in the unit whose tree holds it; in `fallback` when the node is not
  /// reachable from a unit's root (a frontend may keep some nodes, C++ classes, outside it).
  SourceLocation locate(const ir::Node* node, const ir::SourceUnit* fallback) const {
    if (!node) return {};
    const ir::Node* root = node;
    while (root->parent) root = root->parent;
    auto it = byRoot_.find(root);
    if (it != byRoot_.end()) return it->second->locationOf(node);
    return fallback ? fallback->locationOf(node) : SourceLocation{};
  }

private:
  std::map<const ir::Node*, const ir::SourceUnit*> byRoot_;
};

} // namespace

const char* roleName(QuantizerRole role) {
  switch (role) {
  case QuantizerRole::Output: return "output";
  case QuantizerRole::Input: return "input";
  case QuantizerRole::Attribute: return "attribute";
  case QuantizerRole::Value: return "value";
  }
  return "value";
}

ConversionReport describePlan(const Plan& plan, const std::vector<const ir::SourceUnit*>& units) {
  Locator locator(units);
  ConversionReport report;
  report.summary = plan.summary;
  auto addQuantizers = [&](const std::vector<int>& indices, const std::string& owner, const ir::SourceUnit* unit) {
    for (int index : indices) {
      const Quantizer& q = plan.quantizer(index);
      report.quantizers.push_back({q.name, owner, locator.locate(q.origin, unit), q.role});
    }
  };
  for (const ClassPlan& cp : plan.classes) {
    report.classes.push_back({cp.cls->name, cp.emittedName, locator.locate(cp.cls->node, cp.unit),
                              static_cast<int>(cp.quantizers.size())});
    addQuantizers(cp.quantizers, cp.emittedName, cp.unit);
    // Static and class methods take their quantizers as keyword parameters, like helpers.
    for (const FunctionPlan& m : cp.methods)
      if (m.context == FunctionContext::Free && !m.parameters.empty())
        addQuantizers(m.parameters, cp.emittedName + "." + m.emittedName, m.unit ? m.unit : cp.unit);
  }
  for (const FunctionPlan& helper : plan.helpers) {
    report.helpers.push_back({helper.function->text, helper.emittedName, locator.locate(helper.function, helper.unit),
                              static_cast<int>(helper.parameters.size())});
    addQuantizers(helper.parameters, helper.emittedName, helper.unit);
  }
  for (const SkippedFunction& s : plan.skipped)
    report.skipped.push_back({s.name, s.unit ? s.unit->locationOf(s.function) : SourceLocation{}, s.reason});
  return report;
}

} // namespace ffquant::analysis

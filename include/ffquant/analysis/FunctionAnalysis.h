// Converts one function: rewrites table ops (§3) and decides where quantizers go (§4), creating
// the function's quantizers in FastForward's order (§5.3).
#pragma once

#include "ffquant/analysis/Candidates.h"
#include "ffquant/analysis/OperatorMatch.h"
#include "ffquant/analysis/Plan.h"

namespace ffquant::analysis {

struct FunctionAnalysisInput {
  const ir::SourceUnit* unit = nullptr;
  const ir::Node* function = nullptr;
  FunctionContext context = FunctionContext::Instance;
  /// The class whose source holds the method (for `super()` anchoring); null for helpers.
  const ir::ClassInfo* owner = nullptr;
};

struct FunctionAnalysisResult {
  FunctionPlan plan;
  /// Quantizers created for this function, in creation order (indices into Plan::quantizers).
  std::vector<int> created;
  /// Calls to instance methods of the same class and to static/class methods, breadth-first.
  std::vector<const ir::Node*> methodCalls;
  /// Calls to module-level functions of the inputs, breadth-first.
  std::vector<const ir::Node*> functionCalls;
};

class FunctionAnalyzer {
public:
  FunctionAnalyzer(const optable::OperatorTable& table, TypeInference& types, const CandidateSet& candidates,
                   const MatchOptions& options, Plan& plan)
      : table_(table), types_(types), candidates_(candidates), options_(options), plan_(plan) {}

  FunctionAnalysisResult analyse(const FunctionAnalysisInput& input);

private:
  const optable::OperatorTable& table_;
  TypeInference& types_;
  const CandidateSet& candidates_;
  MatchOptions options_;
  Plan& plan_;
};

/// The nodes of a function body in breadth-first order over the *preprocessed* source: a hoisted
/// candidate is a statement of its block, placed before the statement it was isolated from (§6.1).
std::vector<const ir::Node*> breadthFirstPreprocessed(const FunctionPlan& plan, const ir::Node* body);

/// Identifier for an expression quantizer from the expression's text (§5.1): `self.weight` ->
/// `self_weight`, `y[idx]` -> `y_idx`, `[flag]` -> `_flag`.
std::string identifierFromExpression(const std::string& text);

} // namespace ffquant::analysis

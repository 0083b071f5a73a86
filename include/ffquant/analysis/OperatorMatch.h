// Deciding whether a call, operator or Tensor method is a quantizable op of the table, and how
// its arguments bind to the schema (spec §3.1-3.3).
#pragma once

#include "ffquant/analysis/TypeInference.h"
#include "ffquant/ir/Program.h"
#include "ffquant/optable/OperatorTable.h"

#include <optional>
#include <vector>

namespace ffquant::analysis {

struct MatchOptions {
  bool tensorMethods = true; // rewrite out-of-place Tensor methods (Decision 8)
  /// Types used to tell whether a method's receiver may be a tensor. Always inferred, even with
  /// --no-type-inference: `set().add(x)` is never a tensor op. Null: use the marking types.
  TypeInference* receiverTypes = nullptr;
};

/// One argument expression bound to one schema parameter.
struct ArgumentBinding {
  const ir::Node* expression = nullptr;
  const optable::Parameter* parameter = nullptr;
};

struct OperatorMatch {
  const optable::OperatorEntry* entry = nullptr;
  /// Base name of the output quantizer (the callable's name: `relu` for `torch.relu`).
  std::string quantizerBase;
  /// Arguments in source order (for a Tensor method, the receiver first).
  std::vector<ArgumentBinding> bindings;
  /// For a Tensor method: the receiver, which becomes the first argument.
  const ir::Node* receiver = nullptr;
};

/// Matches `node` (Call, BinaryOp, UnaryOp or the implicit operation of an AugAssign) against
/// the table; overloads are tried most recent first. Nothing when no schema accepts the call.
std::optional<OperatorMatch> matchOperator(const ir::SourceUnit& unit, const optable::OperatorTable& table,
                                           const ir::Node* node, TypeInference& types,
                                           const MatchOptions& options);

} // namespace ffquant::analysis

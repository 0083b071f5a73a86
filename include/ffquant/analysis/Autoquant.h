// The middle layer's entry point: from parsed source units and an operator table to a plan.
#pragma once

#include "ffquant/analysis/Plan.h"
#include "ffquant/ir/Program.h"
#include "ffquant/optable/OperatorTable.h"
#include "ffquant/support/Diagnostic.h"

#include <vector>

namespace ffquant::analysis {

struct AutoquantOptions {
  bool typeInference = true;
  bool tensorMethods = true;
  /// Root classes to convert; empty means every module class no other class uses (Decision 1).
  std::vector<std::string> classes;
};

/// Discovers the module classes to convert, converts their methods and the helpers they call,
/// and names every quantizer. Problems are reported to `diagnostics`: unknown `--class` names
/// are errors; functions that cannot be converted are warnings and stay as they were.
Plan autoquantize(const std::vector<const ir::SourceUnit*>& units, const optable::OperatorTable& table,
                  const AutoquantOptions& options, DiagnosticSink& diagnostics);

} // namespace ffquant::analysis

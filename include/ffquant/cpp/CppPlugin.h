// The C++ path is a plugin loaded only for C++ inputs: Clang and LLVM are large shared
// libraries whose loading would otherwise slow every Python run several-fold.
#pragma once

#include "ffquant/analysis/Autoquant.h"
#include "ffquant/analysis/PatternRules.h"
#include "ffquant/analysis/PlanReport.h"
#include "ffquant/cpp/CppFrontend.h"

#include <string>

namespace ffquant::cpp {

struct CppRunRequest {
  std::vector<std::string> inputs;
  CppParseOptions parse;
  analysis::AutoquantOptions autoquant;
  const optable::OperatorTable* table = nullptr;
  std::vector<analysis::PatternRule> patterns;
};

struct CppRunResult {
  bool ok = false;
  std::string output;
  analysis::ConversionSummary summary;
  std::size_t helpers = 0;
  /// What was converted, with locations (for --report).
  analysis::ConversionReport report;
  /// Every file outside the system headers that Clang read (inputs, project headers), sorted:
  /// the output depends on them (--depfile).
  std::vector<std::string> dependencies;
};

/// Parses, analyses and emits one C++ input (what `autoquantize` does for C++).
CppRunResult runCppAutoquantize(const CppRunRequest& request, DiagnosticSink& diagnostics);

using CppRunFunction = CppRunResult (*)(const CppRunRequest&, DiagnosticSink&);

/// Name of the plugin's entry point: a C function returning the CppRunFunction.
inline constexpr const char* kCppPluginEntry = "ffquant_cpp_plugin_entry";

} // namespace ffquant::cpp

// What a plan did, in words and source locations: the language-neutral content of
// `autoquantize --report` (classes converted, quantizers and where they come from, functions
// left as written and why). Rendering it (JSON, summaries) is the tool's job.
#pragma once

#include "ffquant/analysis/Plan.h"

#include <string>
#include <vector>

namespace ffquant::analysis {

struct ReportedClass {
  std::string name;        // Net
  std::string emittedName; // QuantizedNet
  SourceLocation location;
  int quantizers = 0;
};

struct ReportedHelper {
  std::string name;        // helper
  std::string emittedName; // quantized_helper
  SourceLocation location;
  int quantizers = 0;      // threaded keyword parameters
};

struct ReportedQuantizer {
  std::string name;  // quantizer_relu
  std::string owner; // the emitted class or helper that declares it
  SourceLocation location; // the expression or value it quantizes
  QuantizerRole role = QuantizerRole::Output;
};

/// The role's name in reports: "output", "input", "attribute" or "value".
const char* roleName(QuantizerRole role);

struct ReportedSkip {
  std::string name;
  SourceLocation location;
  std::string reason;
};

struct ConversionReport {
  std::vector<ReportedClass> classes;
  std::vector<ReportedHelper> helpers;
  std::vector<ReportedQuantizer> quantizers; // per owner, in declaration order
  std::vector<ReportedSkip> skipped;
  ConversionSummary summary;
};

/// Describes `plan`, made from `units`, with every location resolved to file:line:column.
ConversionReport describePlan(const Plan& plan, const std::vector<const ir::SourceUnit*>& units);

} // namespace ffquant::analysis

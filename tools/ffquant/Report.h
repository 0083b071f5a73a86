// Rendering the --report JSON (docs/batch.md has the format).
#pragma once

#include "Jobs.h"

#include "ffquant/analysis/PlanReport.h"
#include "ffquant/support/Diagnostic.h"

#include <string>
#include <vector>

namespace ffquant::tools {

std::string jsonString(const std::string& text);

/// One file's entry of the report: a JSON object.
std::string renderFileReport(const Job& job, const std::string& status, const std::string& skipReason,
                             const analysis::ConversionReport* report, const std::vector<Diagnostic>& diagnostics,
                             double seconds);

/// The whole report: run facts, totals, and the files' entries in input order.
std::string renderRunReport(const std::vector<Job>& jobs, const std::vector<JobResult>& results, unsigned jobsOption,
                            bool batch, double seconds);

} // namespace ffquant::tools

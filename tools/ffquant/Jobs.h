// One autoquantize run is a list of jobs: one job (all inputs, one output) normally, one job per
// input file in batch mode. Jobs run in this process or in forked worker processes; their
// results come back as plain data, and the parent prints them in input order.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace ffquant::tools {

enum class InputLanguage { Python, Cpp, Unknown };

InputLanguage languageOf(const std::string& path);

struct Job {
  std::vector<std::string> inputs;
  InputLanguage language = InputLanguage::Unknown;
  /// The output file, or "-" for stdout.
  std::string output;
  /// Batch mode: the output directory and the output's path relative to it; writing checks
  /// that the file lands inside that directory.
  std::string outputRoot;
  std::string outputRelative;
  /// Python: the module the original classes are imported from (empty: from the path).
  std::string moduleName;
  /// Batch mode: a file that is not a model (no module class) is skipped, not a failure.
  bool batch = false;
};

struct JobResult {
  /// converted, up-to-date, stale, missing, skipped, failed
  std::string status = "failed";
  bool failed = true;
  /// Diagnostics, already formatted as `file:line:col: error: ...` lines.
  std::string diagnostics;
  /// What goes to stdout: the output with `-o -`, the diff with --diff/--check.
  std::string out;
  /// `converted 2 classes and 0 helper functions with 7 quantizers` (empty when nothing ran).
  std::string summary;
  /// The file's entry of the --report JSON (an object), rendered by the worker.
  std::string reportJson;
  std::int64_t classes = 0, helpers = 0, quantizers = 0, warnings = 0;
  double seconds = 0;
  /// Set by the runner, not the job: the job died (worker crash, internal error) and
  /// `diagnostics` holds only the reason, unformatted.
  bool crashed = false;
};

std::string serialize(const JobResult& result);
bool deserialize(const std::string& bytes, JobResult& result);

/// Runs `run` for every job, in `workers` forked processes when workers > 1 (in this process
/// otherwise), and calls `done(index, result)` in the parent as each job finishes (completion
/// order). A worker that dies takes only its current job down: that job is reported failed.
void runJobs(std::size_t count, unsigned workers, const std::function<JobResult(std::size_t)>& run,
             const std::function<void(std::size_t, JobResult&&)>& done);

} // namespace ffquant::tools

// Drives an autoquantize run: turns the command line into jobs (one, or one per file in batch
// mode), runs each (frontend by input language, the middle layer, the emitter, writing the
// output safely or comparing it under --check/--diff), in worker processes with --jobs, and
// prints diagnostics, progress, the summary and the --report in input order.
#include "AutoquantizeOptions.h"
#include "Batch.h"
#include "Commands.h"
#include "Jobs.h"
#include "Report.h"

#include "ffquant/analysis/Autoquant.h"
#include "ffquant/analysis/PatternRules.h"
#include "ffquant/analysis/PlanReport.h"
#include "ffquant/cpp/CppPlugin.h"
#include "ffquant/optable/TableLoader.h"
#include "ffquant/python/PythonEmitter.h"
#include "ffquant/python/PythonFrontend.h"
#include "ffquant/support/FileWriter.h"
#include "ffquant/support/SourceFile.h"
#include "ffquant/support/UnifiedDiff.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <dlfcn.h>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>
#include <unistd.h>

namespace ffquant::tools {

namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

int finish(const DiagnosticSink& diagnostics, int code) {
  printDiagnostics(std::cerr, diagnostics.diagnostics());
  return code;
}

std::string plural(std::int64_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

std::string summaryText(const analysis::ConversionSummary& s, std::size_t helpers) {
  return "converted " + plural(s.classesConverted, "class", "classes") + " and " +
         plural(static_cast<std::int64_t>(helpers), "helper function", "helper functions") + " with " +
         plural(s.quantizers, "quantizer", "quantizers");
}

/// Loads the C++ plugin: next to the executable, in ../lib/ffquant (installed), or where the
/// build tree put it; $FFQUANT_CPP_PLUGIN overrides.
cpp::CppRunFunction loadCppPlugin(DiagnosticSink& diagnostics) {
  static cpp::CppRunFunction loaded = nullptr;
  if (loaded) return loaded;
  std::vector<std::string> candidates;
  if (const char* env = std::getenv("FFQUANT_CPP_PLUGIN")) candidates.push_back(env);
  char self[4096];
  ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
  if (n > 0) {
    self[n] = 0;
    std::string dir = std::string(self).substr(0, std::string(self).rfind('/'));
    candidates.push_back(dir + "/libffquant_cpp.so");
    candidates.push_back(dir + "/../lib/ffquant/libffquant_cpp.so");
  }
  candidates.push_back(FFQUANT_CPP_PLUGIN_BUILD_PATH);
  std::string errors;
  for (const std::string& path : candidates) {
    if (access(path.c_str(), R_OK) != 0) continue;
    void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
      errors += std::string(" ") + dlerror();
      continue;
    }
    auto entry = reinterpret_cast<void* (*)()>(dlsym(handle, cpp::kCppPluginEntry));
    if (entry) return loaded = reinterpret_cast<cpp::CppRunFunction>(entry());
  }
  diagnostics.report(Diagnostic::error({}, "the C++ frontend plugin libffquant_cpp.so was not found" + errors));
  return nullptr;
}

/// What every job of a run shares.
struct RunContext {
  const AutoquantizeOptions& options;
  optable::OperatorTable table;
  std::vector<analysis::PatternRule> rules;
};

/// The conversion of one job's inputs to output text; false on errors (in `diagnostics`).
struct Converted {
  std::string text;
  analysis::ConversionReport report;
  std::size_t helpers = 0;
  /// Files read to make `text` besides tables and pattern files (--depfile).
  std::vector<std::string> dependencies;
};

bool convertPython(const RunContext& context, const Job& job, Converted& converted, DiagnosticSink& diagnostics) {
  analysis::FragmentParser fragmentParser = [](const std::string& text, DiagnosticSink& sink) {
    return python::parsePythonFile(std::make_unique<SourceFile>("<pattern>", text), "", sink);
  };
  analysis::PatternRewriter rewriter(context.rules, fragmentParser, diagnostics);
  if (diagnostics.hasErrors()) return false;
  std::vector<std::unique_ptr<ir::SourceUnit>> units;
  for (const std::string& input : job.inputs) {
    std::optional<SourceFile> file = SourceFile::read(input, diagnostics);
    if (!file) continue;
    // The module name names the first input's module; the others are named from their paths.
    std::string moduleName =
        (units.empty() && !job.moduleName.empty()) ? job.moduleName : python::moduleNameForPath(input);
    auto unit = python::parsePythonFile(std::make_unique<SourceFile>(std::move(*file)), moduleName, diagnostics);
    if (unit && !rewriter.empty()) {
      // Pattern rules run first, on the source; the rewritten text is what gets quantized.
      std::string rewritten = rewriter.rewrite(*unit, diagnostics);
      if (rewritten != unit->text())
        unit = python::parsePythonFile(std::make_unique<SourceFile>(input, rewritten), moduleName, diagnostics);
    }
    if (unit) units.push_back(std::move(unit));
  }
  if (diagnostics.hasErrors()) return false;
  std::vector<const ir::SourceUnit*> unitPointers;
  for (const auto& u : units) unitPointers.push_back(u.get());
  analysis::AutoquantOptions aq;
  aq.typeInference = !context.options.noTypeInference;
  aq.tensorMethods = !context.options.noTensorMethods;
  aq.classes = context.options.classes;
  analysis::Plan plan = analysis::autoquantize(unitPointers, context.table, aq, diagnostics);
  if (diagnostics.hasErrors()) return false;
  converted.text = python::emitPythonModule(plan);
  converted.dependencies = job.inputs;
  converted.report = analysis::describePlan(plan, unitPointers);
  converted.helpers = plan.helpers.size();
  return true;
}

bool convertCpp(const RunContext& context, const Job& job, Converted& converted, DiagnosticSink& diagnostics) {
  cpp::CppRunFunction run = loadCppPlugin(diagnostics);
  if (!run) return false;
  cpp::CppRunRequest request;
  request.inputs = job.inputs;
  request.parse.extraArgs = context.options.extraArgs;
  request.parse.buildDir = context.options.buildDir;
  request.autoquant.typeInference = !context.options.noTypeInference;
  request.autoquant.tensorMethods = !context.options.noTensorMethods;
  request.autoquant.classes = context.options.classes;
  request.table = &context.table;
  request.patterns = context.rules;
  cpp::CppRunResult result = run(request, diagnostics);
  if (!result.ok || diagnostics.hasErrors()) return false;
  converted.text = std::move(result.output);
  converted.report = std::move(result.report);
  converted.helpers = result.helpers;
  converted.dependencies = std::move(result.dependencies);
  return true;
}

/// A file name in a Make rule: spaces, '#' and '$' escaped as Make and Ninja read them.
std::string makeEscaped(const std::string& path) {
  std::string out;
  for (char c : path) {
    if (c == ' ' || c == '#') out += '\\';
    if (c == '$') out += '$';
    out += c;
  }
  return out;
}

/// `--depfile`: `OUTPUT: DEPENDENCY...`, one dependency per line, so a build system reruns ffquant
/// when a project header, an operator table or a pattern file changes, not only the input.
bool writeDepfile(const RunContext& context, const Job& job, const Converted& converted, DiagnosticSink& diagnostics) {
  std::vector<std::string> files = converted.dependencies;
  for (const auto* extra : {&context.options.optables, &context.options.patternFiles})
    files.insert(files.end(), extra->begin(), extra->end());
  std::string rule = makeEscaped(job.output) + ":";
  for (const std::string& file : files) rule += " \\\n  " + makeEscaped(file);
  return writeFileAtomically(context.options.depfile, rule + "\n", OverwritePolicy::Replace, diagnostics);
}

/// Batch mode: a C++ file that cannot define a module (no `Module` in it or in the project
/// headers it includes) is skipped without starting Clang.
bool cppCannotHoldModule(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  std::string code = text.str();
  if (code.find("Module") != std::string::npos) return false;
  std::string directory = path.rfind('/') == std::string::npos ? "." : path.substr(0, path.rfind('/'));
  std::size_t at = 0;
  while ((at = code.find("#include \"", at)) != std::string::npos) {
    at += 10;
    std::size_t end = code.find('"', at);
    if (end == std::string::npos) break;
    std::ifstream header(directory + "/" + code.substr(at, end - at), std::ios::binary);
    std::stringstream h;
    h << header.rdbuf();
    if (h.str().find("Module") != std::string::npos) return false;
  }
  return true;
}

/// Batch mode: errors that mean "this file is not a model" rather than "this model is broken".
bool onlyNotAModel(const DiagnosticSink& diagnostics) {
  if (!diagnostics.hasErrors()) return false;
  for (const Diagnostic& d : diagnostics.diagnostics())
    if (d.severity == Severity::Error && d.code != "no-module-class" && d.code != "class-not-found") return false;
  return true;
}

/// Compares `text` with the existing output (--check/--diff); the diff goes to result.out.
void compareOutput(const RunContext& context, const Job& job, const std::string& text, JobResult& result,
                   DiagnosticSink& diagnostics) {
  std::string existing;
  bool exists = false;
  {
    DiagnosticSink ignored;
    if (auto file = SourceFile::read(job.output, ignored)) {
      existing = file->text();
      exists = true;
    }
  }
  std::string diff = unifiedDiff(existing, text, exists ? job.output : "/dev/null", job.output);
  result.out += diff;
  result.status = diff.empty() ? "up-to-date" : exists ? "stale" : "missing";
  if (context.options.check && !diff.empty())
    diagnostics.report(Diagnostic::error({job.output, 0, 0}, exists ? "output is stale: regenerate it"
                                                                     : "output is missing: generate it",
                                         exists ? "output-stale" : "output-missing"));
}

JobResult runJob(const RunContext& context, const Job& job) {
  Clock::time_point start = Clock::now();
  const AutoquantizeOptions& options = context.options;
  JobResult result;
  DiagnosticSink diagnostics;
  Converted converted;
  std::string skipReason;
  bool ok = false;
  if (job.batch && job.language == InputLanguage::Cpp && cppCannotHoldModule(job.inputs.front())) {
    skipReason = "no torch::nn::Module in the file or the project headers it includes";
  } else {
    ok = job.language == InputLanguage::Python ? convertPython(context, job, converted, diagnostics)
                                               : convertCpp(context, job, converted, diagnostics);
    if (!ok && job.batch && onlyNotAModel(diagnostics)) {
      skipReason = diagnostics.diagnostics().front().message;
      diagnostics.clear();
    }
  }
  if (!skipReason.empty()) {
    result.status = "skipped";
    result.failed = false;
  } else if (ok) {
    if (options.check || options.diff) {
      if (job.output == "-")
        diagnostics.report(Diagnostic::error({}, "--check and --diff compare with an output file: give -o FILE"));
      else
        compareOutput(context, job, converted.text, result, diagnostics);
    } else if (job.output == "-") {
      result.out = converted.text;
      result.status = "converted";
    } else if (job.batch) {
      if (writeInsideDirectory(job.outputRoot, job.outputRelative, converted.text, options.force, diagnostics))
        result.status = "converted";
    } else if (writeFileAtomically(job.output, converted.text,
                                   options.force ? OverwritePolicy::Replace : OverwritePolicy::Refuse, diagnostics)) {
      result.status = "converted";
      if (!options.depfile.empty()) writeDepfile(context, job, converted, diagnostics);
    }
    if (diagnostics.hasErrors()) {
      if (result.status == "converted") result.status = "failed";
    } else {
      result.summary = summaryText(converted.report.summary, converted.helpers);
    }
    result.failed = diagnostics.hasErrors();
    result.classes = converted.report.summary.classesConverted;
    result.helpers = static_cast<std::int64_t>(converted.helpers);
    result.quantizers = converted.report.summary.quantizers;
  }
  if (result.failed && result.status != "stale" && result.status != "missing") result.status = "failed";
  result.warnings = static_cast<std::int64_t>(diagnostics.warningCount());
  std::ostringstream formatted;
  printDiagnostics(formatted, diagnostics.diagnostics());
  result.diagnostics = formatted.str();
  result.seconds = secondsSince(start);
  if (!options.reportPath.empty())
    result.reportJson = renderFileReport(job, result.status, skipReason, ok ? &converted.report : nullptr,
                                         diagnostics.diagnostics(), result.seconds);
  return result;
}

/// Prints finished jobs in input order: plain lines when stderr is not a terminal, a progress
/// bar redrawn in place when it is.
class Progress {
public:
  Progress(const std::vector<Job>& jobs, bool batch)
      : jobs_(jobs), results_(jobs.size()), batch_(batch), tty_(batch && ::isatty(2)) {}

  void done(std::size_t index, JobResult&& result) {
    results_[index] = std::move(result);
    ++completed_;
    while (printed_ < results_.size() && results_[printed_]) print(printed_++);
    if (tty_) drawBar();
  }

  void finish() {
    if (tty_) std::cerr << "\r\033[K" << std::flush;
  }

  std::vector<JobResult> results() {
    std::vector<JobResult> out;
    for (auto& r : results_) out.push_back(r ? std::move(*r) : JobResult());
    return out;
  }

private:
  void print(std::size_t index) {
    const JobResult& r = *results_[index];
    if (tty_) std::cerr << "\r\033[K";
    std::cerr << r.diagnostics;
    if (!batch_) {
      // One job: what a single-file run has always printed.
      if (!r.failed && r.status == "converted" && jobs_[index].output != "-")
        std::cerr << "ffquant: " << r.summary
                  << (r.warnings ? "; " + plural(r.warnings, "warning", "warnings") : std::string()) << "\n";
    } else if (!tty_) {
      std::cerr << "ffquant: [" << index + 1 << "/" << jobs_.size() << "] " << jobs_[index].inputs.front() << ": "
                << describe(r) << "\n";
    }
    std::cerr.flush();
    std::cout << r.out;
    std::cout.flush();
  }

  static std::string describe(const JobResult& r) {
    if (r.status == "converted") return r.summary;
    if (r.status == "skipped") return "skipped (not a model)";
    if (r.status == "up-to-date") return "up to date";
    return r.status;
  }

  void drawBar() {
    const int width = 30;
    int filled = static_cast<int>(width * completed_ / (results_.empty() ? 1 : results_.size()));
    std::string name = printed_ < jobs_.size() ? jobs_[printed_].inputs.front() : std::string();
    if (name.size() > 40) name = "..." + name.substr(name.size() - 37);
    std::cerr << "\r\033[K[" << std::string(filled, '#') << std::string(width - filled, '.') << "] " << completed_
              << "/" << results_.size() << " " << name << std::flush;
  }

  const std::vector<Job>& jobs_;
  std::vector<std::optional<JobResult>> results_;
  std::size_t completed_ = 0, printed_ = 0;
  bool batch_, tty_;
};

std::string batchSummary(const std::vector<JobResult>& results, double seconds, unsigned workers) {
  std::map<std::string, int> count;
  std::int64_t classes = 0, quantizers = 0;
  for (const JobResult& r : results) {
    ++count[r.status];
    classes += r.classes;
    quantizers += r.quantizers;
  }
  char rate[64];
  std::snprintf(rate, sizeof rate, "%.2f s, %.1f files/s", seconds,
                seconds > 0 ? static_cast<double>(results.size()) / seconds : 0.0);
  std::string line = "ffquant: " + plural(static_cast<std::int64_t>(results.size()), "file", "files") + " (" + rate +
                     ", " + plural(workers, "job", "jobs") + "):";
  std::string sep = " ";
  for (const char* status : {"converted", "up-to-date", "stale", "missing", "skipped", "failed"})
    if (count[status]) {
      line += sep + std::to_string(count[status]) + " " + status;
      sep = ", ";
    }
  return line + "; " + plural(classes, "class", "classes") + ", " + plural(quantizers, "quantizer", "quantizers") +
         "\n";
}

} // namespace

int runAutoquantize(const AutoquantizeOptions& options) {
  Clock::time_point start = Clock::now();
  DiagnosticSink diagnostics;
  bool batch = isBatchRun(options);
  if (!options.depfile.empty() && (batch || options.output == "-" || options.check || options.diff)) {
    diagnostics.report(Diagnostic::error({}, "--depfile needs a single output file (-o FILE, no --check/--diff)"));
    return finish(diagnostics, kExitUsage);
  }
  std::vector<Job> jobs;
  if (batch) {
    if (!options.moduleName.empty()) {
      diagnostics.report(Diagnostic::error(
          {}, "--module-name names one module; in batch mode module names come from the paths (packages with "
              "__init__.py give dotted names)"));
      return finish(diagnostics, kExitUsage);
    }
    jobs = collectBatchJobs(options, diagnostics);
    if (diagnostics.hasErrors()) return finish(diagnostics, kExitFailure);
    if (jobs.empty()) {
      diagnostics.report(Diagnostic::error({}, "no input files to convert"));
      return finish(diagnostics, kExitFailure);
    }
  } else {
    Job job;
    job.inputs = options.inputs;
    job.output = options.output;
    job.moduleName = options.moduleName;
    for (const std::string& input : options.inputs) {
      InputLanguage l = languageOf(input);
      if (l == InputLanguage::Unknown) {
        diagnostics.report(Diagnostic::error(
            {input, 0, 0}, "unknown input language (expected .py, or .cpp/.cc/.h/.hpp for C++)"));
      } else if (job.language != InputLanguage::Unknown && l != job.language) {
        diagnostics.report(Diagnostic::error({input, 0, 0}, "Python and C++ inputs cannot be mixed in one run"));
      }
      job.language = l;
    }
    if (diagnostics.hasErrors()) return finish(diagnostics, kExitFailure);
    jobs.push_back(job);
  }

  RunContext context{options, {}, {}};
  if (!optable::loadTables(options.optables, context.table, diagnostics)) return finish(diagnostics, kExitFailure);
  // Pattern rules, from the command line then from files, in that order.
  for (const std::string& argument : options.patterns) {
    analysis::PatternRule rule;
    std::string error;
    rule.location = {"--pattern '" + argument + "'", 1, 1};
    if (!analysis::splitPatternArgument(argument, rule, error))
      diagnostics.report(Diagnostic::error({"--pattern '" + argument + "'", 0, 0}, error, "pattern-invalid"));
    else
      context.rules.push_back(rule);
  }
  for (const std::string& file : options.patternFiles)
    for (analysis::PatternRule& rule : analysis::loadPatternFile(file, diagnostics)) context.rules.push_back(rule);
  if (diagnostics.hasErrors()) return finish(diagnostics, kExitFailure);

  unsigned workers = std::max(1u, std::min<unsigned>(options.jobs, static_cast<unsigned>(jobs.size())));
  // Workers are forked from this process: load the C++ plugin once, before they start.
  if (workers > 1)
    for (const Job& job : jobs)
      if (job.language == InputLanguage::Cpp) {
        if (!loadCppPlugin(diagnostics)) return finish(diagnostics, kExitFailure);
        break;
      }
  printDiagnostics(std::cerr, diagnostics.diagnostics()); // warnings about the inputs
  if (batch && !options.check && !options.diff) {
    // The output directory exists before any worker writes into it.
    std::error_code ec;
    std::filesystem::create_directories(jobs.front().outputRoot, ec);
  }

  Progress progress(jobs, batch);
  runJobs(
      jobs.size(), workers,
      [&](std::size_t i) {
        try {
          return runJob(context, jobs[i]);
        } catch (const std::exception& e) { // an internal error fails this file, not the run
          JobResult result;
          result.diagnostics = std::string("internal error: ") + e.what();
          result.crashed = true;
          return result;
        }
      },
      [&](std::size_t i, JobResult&& r) {
        if (r.crashed) {
          // The job produced nothing: locate the reason at its input, and give it a report entry.
          Diagnostic d = Diagnostic::error({jobs[i].inputs.front(), 0, 0}, r.diagnostics, "internal-error");
          r.diagnostics = formatDiagnostic(d);
          if (!options.reportPath.empty()) r.reportJson = renderFileReport(jobs[i], "failed", "", nullptr, {d}, 0);
        }
        progress.done(i, std::move(r));
      });
  progress.finish();
  std::vector<JobResult> results = progress.results();
  double elapsed = secondsSince(start);

  bool failed = false;
  for (const JobResult& r : results) failed = failed || r.failed;
  if (batch && (options.check || options.diff)) {
    // An output whose model was deleted or renamed is stale too: CI should say so.
    DiagnosticSink orphanDiagnostics;
    for (const std::string& relative : orphanedOutputs(jobs)) {
      const std::string path = jobs.front().outputRoot + "/" + relative;
      if (options.diff) {
        DiagnosticSink ignored;
        if (auto file = SourceFile::read(path, ignored)) std::cout << unifiedDiff(file->text(), "", path, "/dev/null");
      }
      if (options.check) {
        orphanDiagnostics.report(Diagnostic::error(
            {path, 0, 0}, "output has no input any more (its model was deleted or renamed): delete it",
            "output-orphaned"));
        failed = true;
      }
    }
    printDiagnostics(std::cerr, orphanDiagnostics.diagnostics());
  }
  if (batch) std::cerr << batchSummary(results, elapsed, workers);
  if (!options.reportPath.empty()) {
    DiagnosticSink reportDiagnostics;
    if (!writeFileAtomically(options.reportPath, renderRunReport(jobs, results, options.jobs, batch, elapsed),
                             OverwritePolicy::Replace, reportDiagnostics)) {
      printDiagnostics(std::cerr, reportDiagnostics.diagnostics());
      failed = true;
    }
  }
  return failed ? kExitFailure : kExitSuccess;
}

} // namespace ffquant::tools

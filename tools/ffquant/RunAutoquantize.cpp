// Drives one autoquantize run: picks the frontend by input language, runs the middle layer,
// emits, and writes the output safely (never a partial or silently overwritten file).
#include "AutoquantizeOptions.h"
#include "Commands.h"

#include "ffquant/analysis/Autoquant.h"
#include "ffquant/analysis/PatternRules.h"
#include "ffquant/cpp/CppPlugin.h"
#include "ffquant/optable/TableLoader.h"
#include "ffquant/python/PythonEmitter.h"
#include "ffquant/python/PythonFrontend.h"
#include "ffquant/support/FileWriter.h"
#include "ffquant/support/SourceFile.h"
#include "ffquant/support/UnifiedDiff.h"

#include <cstdlib>
#include <dlfcn.h>
#include <iostream>
#include <unistd.h>

namespace ffquant::tools {

namespace {

enum class Language { Python, Cpp, Unknown };

Language languageOf(const std::string& path) {
  auto endsWith = [&](const char* suffix) {
    std::string s(suffix);
    return path.size() >= s.size() && path.compare(path.size() - s.size(), s.size(), s) == 0;
  };
  if (endsWith(".py")) return Language::Python;
  for (const char* ext : {".cpp", ".cc", ".cxx", ".h", ".hpp", ".hh", ".hxx"})
    if (endsWith(ext)) return Language::Cpp;
  return Language::Unknown;
}

int finish(const DiagnosticSink& diagnostics, int code) {
  printDiagnostics(std::cerr, diagnostics.diagnostics());
  return code;
}

std::string summaryLine(const analysis::ConversionSummary& s, std::size_t helpers, const DiagnosticSink& diagnostics) {
  std::string line = "ffquant: converted " + std::to_string(s.classesConverted) + " class" +
                     (s.classesConverted == 1 ? "" : "es") + " and " + std::to_string(helpers) +
                     " helper function" + (helpers == 1 ? "" : "s") + " with " +
                     std::to_string(s.quantizers) + " quantizer" + (s.quantizers == 1 ? "" : "s");
  if (diagnostics.warningCount() > 0)
    line += "; " + std::to_string(diagnostics.warningCount()) + " warning" + (diagnostics.warningCount() == 1 ? "" : "s");
  return line + "\n";
}

/// Writes `output` to the requested place; false (with a diagnostic) when it cannot. With
/// `--check` or `--diff` nothing is written: the output is compared with what is there.
bool writeOutput(const AutoquantizeOptions& options, const std::string& output, DiagnosticSink& diagnostics) {
  if (options.check || options.diff) {
    if (options.output == "-") {
      diagnostics.report(Diagnostic::error({}, "--check and --diff compare with an output file: give -o FILE"));
      return false;
    }
    std::string existing;
    bool exists = false;
    {
      DiagnosticSink ignored;
      if (auto file = SourceFile::read(options.output, ignored)) {
        existing = file->text();
        exists = true;
      }
    }
    std::string diff = unifiedDiff(existing, output, exists ? options.output : "/dev/null", options.output);
    if (options.diff) std::cout << diff;
    if (options.check && !diff.empty()) {
      diagnostics.report(Diagnostic::error({options.output, 0, 0}, exists ? "output is stale: regenerate it"
                                                                           : "output is missing: generate it"));
      return false;
    }
    return true;
  }
  if (options.output == "-") {
    std::cout << output;
    std::cout.flush();
    return true;
  }
  return writeFileAtomically(options.output, output,
                             options.force ? OverwritePolicy::Replace : OverwritePolicy::Refuse, diagnostics);
}

/// Loads the C++ plugin: next to the executable, in ../lib/ffquant (installed), or where the
/// build tree put it; $FFQUANT_CPP_PLUGIN overrides.
cpp::CppRunFunction loadCppPlugin(DiagnosticSink& diagnostics) {
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
    if (entry) return reinterpret_cast<cpp::CppRunFunction>(entry());
  }
  diagnostics.report(Diagnostic::error({}, "the C++ frontend plugin libffquant_cpp.so was not found" + errors));
  return nullptr;
}

int runCpp(const AutoquantizeOptions& options, const optable::OperatorTable& table,
           std::vector<analysis::PatternRule> patterns, DiagnosticSink& diagnostics) {
  cpp::CppRunFunction run = loadCppPlugin(diagnostics);
  if (!run) return finish(diagnostics, kExitFailure);
  cpp::CppRunRequest request;
  request.inputs = options.inputs;
  request.parse.extraArgs = options.extraArgs;
  request.parse.buildDir = options.buildDir;
  request.autoquant.typeInference = !options.noTypeInference;
  request.autoquant.tensorMethods = !options.noTensorMethods;
  request.autoquant.classes = options.classes;
  request.table = &table;
  request.patterns = std::move(patterns);
  cpp::CppRunResult result = run(request, diagnostics);
  if (!result.ok || diagnostics.hasErrors()) return finish(diagnostics, kExitFailure);
  if (!writeOutput(options, result.output, diagnostics)) return finish(diagnostics, kExitFailure);
  printDiagnostics(std::cerr, diagnostics.diagnostics());
  if (options.output != "-" && !options.check && !options.diff)
    std::cerr << summaryLine(result.summary, result.helpers, diagnostics);
  return kExitSuccess;
}

} // namespace

int runAutoquantize(const AutoquantizeOptions& options) {
  DiagnosticSink diagnostics;
  if (options.jobs > 1 || !options.reportPath.empty()) {
    diagnostics.report(Diagnostic::error({}, "--jobs and --report are not supported yet"));
    return finish(diagnostics, kExitUsage);
  }
  Language language = Language::Unknown;
  for (const std::string& input : options.inputs) {
    Language l = languageOf(input);
    if (l == Language::Unknown) {
      diagnostics.report(Diagnostic::error(
          {input, 0, 0}, "unknown input language (expected .py, or .cpp/.cc/.h/.hpp for C++)"));
    } else if (language != Language::Unknown && l != language) {
      diagnostics.report(Diagnostic::error({input, 0, 0}, "Python and C++ inputs cannot be mixed in one run"));
    }
    language = l;
  }
  if (diagnostics.hasErrors()) return finish(diagnostics, kExitFailure);
  optable::OperatorTable table;
  if (!optable::loadTables(options.optables, table, diagnostics)) return finish(diagnostics, kExitFailure);

  // Pattern rules, from the command line then from files, in that order.
  std::vector<analysis::PatternRule> rules;
  for (const std::string& argument : options.patterns) {
    analysis::PatternRule rule;
    std::string error;
    rule.location = {"--pattern '" + argument + "'", 1, 1};
    if (!analysis::splitPatternArgument(argument, rule, error))
      diagnostics.report(Diagnostic::error({"--pattern '" + argument + "'", 0, 0}, error, "pattern-invalid"));
    else
      rules.push_back(rule);
  }
  for (const std::string& file : options.patternFiles)
    for (analysis::PatternRule& rule : analysis::loadPatternFile(file, diagnostics)) rules.push_back(rule);
  analysis::FragmentParser fragmentParser = [](const std::string& text, DiagnosticSink& sink) {
    return python::parsePythonFile(std::make_unique<SourceFile>("<pattern>", text), "", sink);
  };
  if (diagnostics.hasErrors()) return finish(diagnostics, kExitFailure);
  if (language == Language::Cpp) return runCpp(options, table, std::move(rules), diagnostics);
  analysis::PatternRewriter rewriter(rules, fragmentParser, diagnostics);
  if (diagnostics.hasErrors()) return finish(diagnostics, kExitFailure);

  std::vector<std::unique_ptr<ir::SourceUnit>> units;
  for (const std::string& input : options.inputs) {
    std::optional<SourceFile> file = SourceFile::read(input, diagnostics);
    if (!file) continue;
    // --module-name names the first input's module; the others are named from their paths.
    std::string moduleName = (units.empty() && !options.moduleName.empty()) ? options.moduleName
                                                                           : python::moduleNameForPath(input);
    auto unit = python::parsePythonFile(std::make_unique<SourceFile>(std::move(*file)), moduleName, diagnostics);
    if (unit && !rewriter.empty()) {
      // Pattern rules run first, on the source; the rewritten text is what gets quantized.
      std::string rewritten = rewriter.rewrite(*unit, diagnostics);
      if (rewritten != unit->text())
        unit = python::parsePythonFile(std::make_unique<SourceFile>(input, rewritten), moduleName, diagnostics);
    }
    if (unit) units.push_back(std::move(unit));
  }
  if (diagnostics.hasErrors()) return finish(diagnostics, kExitFailure);

  std::vector<const ir::SourceUnit*> unitPointers;
  for (const auto& u : units) unitPointers.push_back(u.get());
  analysis::AutoquantOptions aq;
  aq.typeInference = !options.noTypeInference;
  aq.tensorMethods = !options.noTensorMethods;
  aq.classes = options.classes;
  analysis::Plan plan = analysis::autoquantize(unitPointers, table, aq, diagnostics);
  if (diagnostics.hasErrors()) return finish(diagnostics, kExitFailure);

  if (!writeOutput(options, python::emitPythonModule(plan), diagnostics)) return finish(diagnostics, kExitFailure);
  printDiagnostics(std::cerr, diagnostics.diagnostics());
  if (options.output != "-" && !options.check && !options.diff)
    std::cerr << summaryLine(plan.summary, plan.helpers.size(), diagnostics);
  return kExitSuccess;
}

} // namespace ffquant::tools

// The C++ path as one call, exported from the plugin the executable loads on demand.
#include "ffquant/cpp/CppPlugin.h"

#include "ffquant/cpp/CppEmitter.h"
#include "ffquant/cpp/CppFragmentParser.h"

#include <algorithm>

namespace ffquant::cpp {

CppRunResult runCppAutoquantize(const CppRunRequest& request, DiagnosticSink& diagnostics) {
  CppRunResult result;
  std::vector<std::unique_ptr<CppUnit>> units;
  for (const std::string& input : request.inputs) {
    std::unique_ptr<CppUnit> unit = parseCppFile(input, request.parse, diagnostics);
    if (!unit || diagnostics.hasErrors()) return result;
    if (!request.patterns.empty()) {
      // Pattern rules first, on the source: matched against Clang's tree, fragments parsed by
      // ffquant (placeholders are not C++); the rewritten source is parsed again.
      analysis::PatternRewriter rewriter(request.patterns, parseCppFragment, diagnostics);
      if (diagnostics.hasErrors()) return result;
      std::string rewritten = rewriter.rewrite(*unit->unit, diagnostics);
      if (rewritten != unit->unit->text()) {
        CppParseOptions again = request.parse;
        again.text = rewritten;
        unit = parseCppFile(input, again, diagnostics);
        if (!unit || diagnostics.hasErrors()) return result;
      }
    }
    for (const std::string& file : unit->dependencies) result.dependencies.push_back(file);
    units.push_back(std::move(unit));
  }
  std::sort(result.dependencies.begin(), result.dependencies.end());
  result.dependencies.erase(std::unique(result.dependencies.begin(), result.dependencies.end()),
                            result.dependencies.end());
  std::vector<const ir::SourceUnit*> sources;
  std::vector<const CppUnit*> cppUnits;
  for (const auto& u : units) {
    sources.push_back(u->unit.get());
    cppUnits.push_back(u.get());
  }
  analysis::Plan plan = analysis::autoquantize(sources, *request.table, request.autoquant, diagnostics);
  if (diagnostics.hasErrors()) return result;
  result.output = emitCpp(plan, cppUnits);
  result.summary = plan.summary;
  result.helpers = plan.helpers.size();
  result.report = analysis::describePlan(plan, sources);
  result.ok = true;
  return result;
}

} // namespace ffquant::cpp

extern "C" __attribute__((visibility("default"))) void* ffquant_cpp_plugin_entry() {
  return reinterpret_cast<void*>(&ffquant::cpp::runCppAutoquantize);
}

// Drives one autoquantize run: picks the frontend by input language, writes outputs safely.
#include "AutoquantizeOptions.h"
#include "Commands.h"

#include "ffquant/support/Diagnostic.h"

#include <iostream>

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

} // namespace

int runAutoquantize(const AutoquantizeOptions& options) {
  DiagnosticSink diagnostics;
  for (const std::string& input : options.inputs) {
    switch (languageOf(input)) {
    case Language::Python:
      diagnostics.report(Diagnostic::error({input, 0, 0}, "Python input is not supported yet"));
      break;
    case Language::Cpp:
      diagnostics.report(Diagnostic::error({input, 0, 0}, "C++ input is not supported yet"));
      break;
    case Language::Unknown:
      diagnostics.report(Diagnostic::error(
          {input, 0, 0}, "unknown input language (expected .py, or .cpp/.cc/.h/.hpp for C++)"));
      break;
    }
  }
  printDiagnostics(std::cerr, diagnostics.diagnostics());
  return diagnostics.hasErrors() ? kExitFailure : kExitSuccess;
}

} // namespace ffquant::tools

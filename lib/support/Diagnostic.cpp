// Diagnostic construction, collection and compiler-style rendering.
#include "ffquant/support/Diagnostic.h"

#include <ostream>

namespace ffquant {

Diagnostic Diagnostic::error(SourceLocation location, std::string message, std::string code) {
  return Diagnostic{Severity::Error, std::move(location), std::move(message), std::move(code), {}};
}

Diagnostic Diagnostic::warning(SourceLocation location, std::string message, std::string code) {
  return Diagnostic{Severity::Warning, std::move(location), std::move(message), std::move(code), {}};
}

Diagnostic Diagnostic::note(SourceLocation location, std::string message) {
  return Diagnostic{Severity::Note, std::move(location), std::move(message), {}, {}};
}

void DiagnosticSink::report(Diagnostic diagnostic) {
  if (diagnostic.severity == Severity::Error)
    ++errorCount_;
  else if (diagnostic.severity == Severity::Warning)
    ++warningCount_;
  diagnostics_.push_back(std::move(diagnostic));
}

void DiagnosticSink::clear() {
  diagnostics_.clear();
  errorCount_ = warningCount_ = 0;
}

static const char* severityName(Severity severity) {
  switch (severity) {
  case Severity::Error: return "error";
  case Severity::Warning: return "warning";
  case Severity::Note: return "note";
  }
  return "error";
}

static void appendOne(std::string& out, const Diagnostic& d) {
  const SourceLocation& loc = d.location;
  if (!loc.file.empty()) {
    out += loc.file;
    if (loc.line > 0) {
      out += ':' + std::to_string(loc.line);
      if (loc.column > 0) out += ':' + std::to_string(loc.column);
    }
    out += ": ";
  } else {
    out += "ffquant: ";
  }
  out += severityName(d.severity);
  out += ": ";
  out += d.message;
  if (!d.code.empty()) out += " [" + d.code + "]";
  out += '\n';
}

std::string formatDiagnostic(const Diagnostic& diagnostic) {
  std::string out;
  appendOne(out, diagnostic);
  for (const Diagnostic& note : diagnostic.notes) appendOne(out, note);
  return out;
}

void printDiagnostics(std::ostream& out, const std::vector<Diagnostic>& diagnostics) {
  for (const Diagnostic& d : diagnostics) out << formatDiagnostic(d);
  out.flush();
}

} // namespace ffquant

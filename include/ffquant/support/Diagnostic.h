// The one diagnostic type that every layer reports problems with; only tools/ prints them.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

namespace ffquant {

enum class Severity { Note, Warning, Error };

/// A position in a source file. Line and column are 1-based; 0 means "unknown".
struct SourceLocation {
  std::string file;
  unsigned line = 0;
  unsigned column = 0;
};

struct Diagnostic {
  Severity severity = Severity::Error;
  SourceLocation location;
  std::string message;
  /// Stable kebab-case identifier of the check that produced it (may be empty).
  std::string code;
  std::vector<Diagnostic> notes;

  static Diagnostic error(SourceLocation location, std::string message, std::string code = {});
  static Diagnostic warning(SourceLocation location, std::string message, std::string code = {});
  static Diagnostic note(SourceLocation location, std::string message);
};

/// Collects diagnostics in report order. Libraries take one by reference and return normally;
/// user errors are values, not exceptions.
class DiagnosticSink {
public:
  void report(Diagnostic diagnostic);
  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }
  bool hasErrors() const { return errorCount_ > 0; }
  std::size_t errorCount() const { return errorCount_; }
  std::size_t warningCount() const { return warningCount_; }
  void clear();

private:
  std::vector<Diagnostic> diagnostics_;
  std::size_t errorCount_ = 0;
  std::size_t warningCount_ = 0;
};

/// Renders `file:line:col: error: message` (notes on following lines), like a compiler.
std::string formatDiagnostic(const Diagnostic& diagnostic);
void printDiagnostics(std::ostream& out, const std::vector<Diagnostic>& diagnostics);

} // namespace ffquant

// A loaded source file: its path, its bytes, and byte-offset -> line/column mapping.
#pragma once

#include "ffquant/support/Diagnostic.h"

#include <optional>
#include <string>
#include <vector>

namespace ffquant {

class SourceFile {
public:
  SourceFile(std::string path, std::string text);

  /// Reads `path`; on failure reports an error diagnostic and returns nothing.
  static std::optional<SourceFile> read(const std::string& path, DiagnosticSink& diagnostics);

  const std::string& path() const { return path_; }
  const std::string& text() const { return text_; }

  /// 1-based line and column (in bytes) of a byte offset.
  SourceLocation locationOf(std::size_t offset) const;
  /// Byte offset of the start of the 0-based line `line`.
  std::size_t lineStart(std::size_t line) const { return lineStarts_.at(line); }

private:
  std::string path_;
  std::string text_;
  std::vector<std::size_t> lineStarts_;
};

} // namespace ffquant

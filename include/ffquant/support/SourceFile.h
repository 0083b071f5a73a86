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

  /// 1-based line and column (in bytes) of a byte offset; after honorLineDirectives(), in the
  /// file and line a `#line` directive above it names.
  SourceLocation locationOf(std::size_t offset) const;
  /// Makes locationOf follow C preprocessor `#line N "file"` lines, which the C++ frontend puts
  /// around the project headers it inlines into the text it parses: a location inside an inlined
  /// header then names the header, and one after it the right line of the input.
  void honorLineDirectives();
  /// Byte offset of the start of the 0-based line `line`.
  std::size_t lineStart(std::size_t line) const { return lineStarts_.at(line); }

private:
  std::string path_;
  std::string text_;
  std::vector<std::size_t> lineStarts_;
  /// From `#line` directives: the 0-based physical line that follows one, its file and line.
  struct LineMark {
    std::size_t physicalLine;
    std::string file;
    unsigned line;
  };
  std::vector<LineMark> lineMarks_;
};

} // namespace ffquant

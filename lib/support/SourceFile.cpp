// Source file loading and offset-to-location mapping.
#include "ffquant/support/SourceFile.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <sys/stat.h>

namespace ffquant {

SourceFile::SourceFile(std::string path, std::string text)
    : path_(std::move(path)), text_(std::move(text)) {
  lineStarts_.push_back(0);
  for (std::size_t i = 0; i < text_.size(); ++i)
    if (text_[i] == '\n') lineStarts_.push_back(i + 1);
}

std::optional<SourceFile> SourceFile::read(const std::string& path, DiagnosticSink& diagnostics) {
  struct stat info{};
  if (::stat(path.c_str(), &info) != 0) {
    diagnostics.report(Diagnostic::error({path, 0, 0}, std::string("cannot read input: ") +
                                                           std::strerror(errno)));
    return std::nullopt;
  }
  if (S_ISDIR(info.st_mode)) {
    diagnostics.report(Diagnostic::error({path, 0, 0}, "cannot read input: is a directory"));
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    diagnostics.report(Diagnostic::error({path, 0, 0}, std::string("cannot read input: ") +
                                                           std::strerror(errno)));
    return std::nullopt;
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return SourceFile(path, buffer.str());
}

SourceLocation SourceFile::locationOf(std::size_t offset) const {
  auto it = std::upper_bound(lineStarts_.begin(), lineStarts_.end(), offset);
  std::size_t line = static_cast<std::size_t>(it - lineStarts_.begin()) - 1;
  const auto column = static_cast<unsigned>(offset - lineStarts_[line] + 1);
  auto mark = std::upper_bound(lineMarks_.begin(), lineMarks_.end(), line,
                               [](std::size_t l, const LineMark& m) { return l < m.physicalLine; });
  if (mark != lineMarks_.begin()) {
    --mark;
    return {mark->file, mark->line + static_cast<unsigned>(line - mark->physicalLine), column};
  }
  return {path_, static_cast<unsigned>(line + 1), column};
}

void SourceFile::honorLineDirectives() {
  lineMarks_.clear();
  static const std::string directive = "#line ";
  for (std::size_t line = 0; line + 1 < lineStarts_.size(); ++line) {
    std::size_t at = lineStarts_[line];
    if (text_.compare(at, directive.size(), directive) != 0) continue;
    std::size_t end = text_.find('\n', at);
    std::string rest = text_.substr(at + directive.size(), end - at - directive.size());
    std::size_t space = rest.find(' ');
    if (space == std::string::npos || rest.size() < space + 3 || rest[space + 1] != '"' || rest.back() != '"') continue;
    unsigned number = 0;
    bool digits = space > 0;
    for (std::size_t i = 0; i < space; ++i) {
      if (rest[i] < '0' || rest[i] > '9') digits = false;
      else number = number * 10 + static_cast<unsigned>(rest[i] - '0');
    }
    if (!digits) continue;
    lineMarks_.push_back({line + 1, rest.substr(space + 2, rest.size() - space - 3), number});
  }
}

} // namespace ffquant

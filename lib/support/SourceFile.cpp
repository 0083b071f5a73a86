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
  return {path_, static_cast<unsigned>(line + 1),
          static_cast<unsigned>(offset - lineStarts_[line] + 1)};
}

} // namespace ffquant

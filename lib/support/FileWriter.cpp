// Atomic output writing: never a half-written or silently overwritten file.
#include "ffquant/support/FileWriter.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <unistd.h>

namespace ffquant {

namespace fs = std::filesystem;

bool writeFileAtomically(const std::string& path, const std::string& contents,
                         OverwritePolicy policy, DiagnosticSink& diagnostics) {
  std::error_code ec;
  fs::path target(path);
  if (policy == OverwritePolicy::Refuse && fs::exists(target, ec)) {
    diagnostics.report(Diagnostic::error(
        {path, 0, 0}, "output file already exists; use --force to overwrite it"));
    return false;
  }
  if (target.has_parent_path()) {
    fs::create_directories(target.parent_path(), ec);
    if (ec) {
      diagnostics.report(Diagnostic::error(
          {path, 0, 0}, "cannot create output directory: " + ec.message()));
      return false;
    }
  }
  // The temporary lives beside the target so the rename stays on one file system.
  std::string temporary = path + ".ffquant-tmp." + std::to_string(::getpid());
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    if (!out) {
      diagnostics.report(Diagnostic::error(
          {path, 0, 0}, std::string("cannot write output: ") + std::strerror(errno)));
      return false;
    }
    out << contents;
    out.flush();
    if (!out) {
      std::remove(temporary.c_str());
      diagnostics.report(Diagnostic::error({path, 0, 0}, "cannot write output: write failed"));
      return false;
    }
  }
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    std::string reason = std::strerror(errno);
    std::remove(temporary.c_str());
    diagnostics.report(Diagnostic::error({path, 0, 0}, "cannot write output: " + reason));
    return false;
  }
  return true;
}

} // namespace ffquant

// Writing outputs safely: a temporary file beside the target, renamed over it only when complete.
#pragma once

#include "ffquant/support/Diagnostic.h"

#include <string>

namespace ffquant {

enum class OverwritePolicy { Refuse, Replace };

/// Writes `contents` to `path` atomically. With OverwritePolicy::Refuse an existing file is left
/// untouched and an error is reported. Missing parent directories are created.
bool writeFileAtomically(const std::string& path, const std::string& contents,
                         OverwritePolicy policy, DiagnosticSink& diagnostics);

} // namespace ffquant

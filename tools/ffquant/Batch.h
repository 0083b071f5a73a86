// Batch mode: which files a run converts and where each output goes (docs/batch.md).
#pragma once

#include "AutoquantizeOptions.h"
#include "Jobs.h"

#include "ffquant/support/Diagnostic.h"

#include <string>
#include <vector>

namespace ffquant::tools {

/// Batch mode: an input is a directory, or -o names an existing directory or ends with '/'.
bool isBatchRun(const AutoquantizeOptions& options);

/// One job per input file: directories walked recursively in sorted order (hidden entries,
/// __pycache__ and the output directory itself skipped, symbolic links to directories not
/// followed); each output mirrors the file's path below its input directory (a file given by
/// name lands at the top of the output directory; C++ outputs are named quantized_<name>).
/// Clashes and unusable paths are errors.
std::vector<Job> collectBatchJobs(const AutoquantizeOptions& options, DiagnosticSink& diagnostics);

/// Writes `contents` to `root/relative` and nowhere else: `relative` must be a plain relative
/// path, and no directory on the way (nor the file) may be a symbolic link, so a link placed in
/// the output tree cannot redirect the write. Missing directories are created.
bool writeInsideDirectory(const std::string& root, const std::string& relative, const std::string& contents,
                          bool force, DiagnosticSink& diagnostics);

/// Files under the output directory that look like ffquant outputs (Python files, `quantized_*`
/// C++ files; not `__init__.py`, which users add to make packages) but that no job produces: their
/// model was deleted or renamed. Relative to the output directory, sorted. Symbolic links and
/// hidden entries are not followed.
std::vector<std::string> orphanedOutputs(const std::vector<Job>& jobs);

/// True when `relative` is a plain relative path (no '..', '.', empty or absolute components).
bool isPlainRelativePath(const std::string& relative);

} // namespace ffquant::tools

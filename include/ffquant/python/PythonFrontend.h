// The Python frontend: tree-sitter-python source -> the shared syntax tree and frontend facts.
#pragma once

#include "ffquant/ir/Program.h"
#include "ffquant/support/Diagnostic.h"

#include <memory>
#include <string>

namespace ffquant::python {

/// Parses one Python file. Syntax errors are reported as located diagnostics and give null.
std::unique_ptr<ir::SourceUnit> parsePythonFile(std::unique_ptr<SourceFile> source,
                                                std::string moduleName,
                                                DiagnosticSink& diagnostics);

/// The dotted module name of a file, from walking up the directories that hold an `__init__.py`
/// (`pkg/sub/model.py` with `pkg/__init__.py` and `pkg/sub/__init__.py` gives `pkg.sub.model`).
std::string moduleNameForPath(const std::string& path);

} // namespace ffquant::python

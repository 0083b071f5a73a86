// Parses a C++ pattern fragment into the shared syntax tree (for pattern rules on C++ input).
#pragma once

#include "ffquant/ir/Program.h"
#include "ffquant/support/Diagnostic.h"

#include <memory>
#include <string>

namespace ffquant::cpp {

/// One C++ expression, possibly with placeholders already encoded as identifiers; null (with a
/// diagnostic) when it is not one.
std::unique_ptr<ir::SourceUnit> parseCppFragment(const std::string& text, DiagnosticSink& diagnostics);

} // namespace ffquant::cpp

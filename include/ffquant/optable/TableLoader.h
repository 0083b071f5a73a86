// Loading operator tables from YAML in two strict steps: raw entries, then validated schemas.
#pragma once

#include "ffquant/optable/OperatorTable.h"
#include "ffquant/support/Diagnostic.h"

#include <string>

namespace ffquant::optable {

/// Parses YAML text (from `path`, used for diagnostics) and adds every valid entry to `table`.
/// Every problem is reported with file:line:col; returns false when any error was reported.
bool loadTableFromString(const std::string& yamlText, const std::string& path,
                         OperatorTable& table, DiagnosticSink& diagnostics);
bool loadTableFromFile(const std::string& path, OperatorTable& table, DiagnosticSink& diagnostics);

/// The default table `optables/default.yaml`, embedded into the library at build time so the
/// executable works wherever it is installed.
const std::string& defaultTableText();
extern const char* const kDefaultTablePath;

/// The default table followed by each user table in order (later entries are tried first).
bool loadTables(const std::vector<std::string>& userTables, OperatorTable& table,
                DiagnosticSink& diagnostics);

} // namespace ffquant::optable

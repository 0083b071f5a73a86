// `ffquant optable list | show NAME | check FILE...`: inspect and validate operator tables.
#include "Commands.h"

#include "ffquant/optable/TableLoader.h"
#include "ffquant/support/SourceFile.h"

#include <iostream>
#include <memory>

namespace ffquant::tools {

namespace {

struct OptableOptions {
  std::vector<std::string> extraTables; // --optable, applied on top of the default table
  std::string showName;
  std::vector<std::string> checkFiles;
};

std::string joined(const std::vector<std::string>& items, const char* separator) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) out += (i ? separator : "") + items[i];
  return out;
}

/// Loads default + extra tables; prints diagnostics; returns false on errors.
bool loadOrReport(const std::vector<std::string>& extra, optable::OperatorTable& table) {
  DiagnosticSink diagnostics;
  bool ok = optable::loadTables(extra, table, diagnostics);
  printDiagnostics(std::cerr, diagnostics.diagnostics());
  return ok;
}

int runList(const OptableOptions& options) {
  optable::OperatorTable table;
  if (!loadOrReport(options.extraTables, table)) return kExitFailure;
  for (const auto& entry : table.entries()) std::cout << entry->schema.str() << '\n';
  return kExitSuccess;
}

int runShow(const OptableOptions& options) {
  optable::OperatorTable table;
  if (!loadOrReport(options.extraTables, table)) return kExitFailure;
  const std::string& name = options.showName;
  // NAME may be the schema name or any name the operator is called by.
  optable::EntryList found = table.lookupByName(name);
  if (found.empty()) found = table.lookupPython(name);
  if (found.empty()) found = table.lookupCpp(name);
  if (found.empty()) {
    std::cerr << "ffquant: error: no operator named '" << name << "' in the operator table\n";
    return kExitFailure;
  }
  bool first = true;
  for (const optable::OperatorEntry* entry : found) { // overloads, in the order they are tried
    if (!first) std::cout << '\n';
    first = false;
    std::cout << "schema:          " << entry->schema.str() << '\n'
              << "defined at:      " << entry->location.file << ':' << entry->location.line << '\n'
              << "python names:    " << joined(entry->pythonNames(), ", ") << '\n'
              << "c++ names:       " << joined(entry->cppNames, ", ") << '\n'
              << "tensor methods:  " << joined(entry->methods, ", ") << '\n'
              << "operators:       " << joined(entry->binaryOperators, " ");
    for (const std::string& op : entry->unaryOperators) std::cout << " unary" << op;
    std::cout << '\n'
              << "python dispatch: " << entry->pythonDispatch << '\n'
              << "c++ dispatch:    " << entry->cppDispatch << '\n'
              << "output quantizer: " << (entry->schema.returnsQuantized() ? "yes" : "no") << '\n';
  }
  return kExitSuccess;
}

int runCheck(const OptableOptions& options) {
  // Each file is checked on top of the default table, so clashes with it are found too.
  bool ok = true;
  for (const std::string& file : options.checkFiles) {
    optable::OperatorTable table;
    DiagnosticSink diagnostics;
    std::optional<SourceFile> source = SourceFile::read(file, diagnostics);
    bool fileOk = source.has_value();
    if (source) {
      if (source->text() != optable::defaultTableText())
        fileOk = optable::loadTableFromString(optable::defaultTableText(),
                                              optable::kDefaultTablePath, table, diagnostics);
      fileOk &= optable::loadTableFromString(source->text(), file, table, diagnostics);
    }
    printDiagnostics(std::cerr, diagnostics.diagnostics());
    if (fileOk) std::cerr << file << ": ok (" << table.entries().size() << " operators)\n";
    ok &= fileOk;
  }
  return ok ? kExitSuccess : kExitFailure;
}

} // namespace

std::function<int()> registerOptableCommand(CLI::App& app) {
  auto options = std::make_shared<OptableOptions>();
  CLI::App* cmd = app.add_subcommand("optable", "Inspect and validate operator tables");
  cmd->require_subcommand(1);
  cmd->add_option("--optable", options->extraTables,
                  "Extra operator table (YAML) on top of the default; repeatable")
      ->check(CLI::ExistingFile);
  cmd->add_subcommand("list", "One line per operator with its schema");
  CLI::App* show = cmd->add_subcommand("show", "Schema, dispatch targets and names of one operator");
  show->add_option("NAME", options->showName, "Operator name or any name it is called by")->required();
  CLI::App* check = cmd->add_subcommand("check", "Validate operator table files");
  check->add_option("FILE", options->checkFiles, "YAML operator tables")->required();

  return [cmd, options]() {
    if (cmd->got_subcommand("list")) return runList(*options);
    if (cmd->got_subcommand("show")) return runShow(*options);
    return runCheck(*options);
  };
}

} // namespace ffquant::tools

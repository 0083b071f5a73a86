// The ffquant subcommands: each registers its options on the CLI and runs with them.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <string>
#include <vector>

namespace ffquant::tools {

/// Exit codes shared by every subcommand (architecture.md §1).
enum ExitCode : int { kExitSuccess = 0, kExitFailure = 1, kExitUsage = 2 };

/// Adds the subcommand to `app`; the returned function runs it after parsing.
std::function<int()> registerOptableCommand(CLI::App& app);
/// `compilerArgs`: what followed `--` on the command line (C++ compiler arguments).
std::function<int()> registerAutoquantizeCommand(CLI::App& app, std::vector<std::string> compilerArgs);

} // namespace ffquant::tools

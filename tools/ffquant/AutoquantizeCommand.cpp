// `ffquant autoquantize INPUT... -o OUTPUT`: quantize model source files.
#include "Commands.h"

#include "AutoquantizeOptions.h"

#include <iostream>
#include <memory>

namespace ffquant::tools {

std::function<int()> registerAutoquantizeCommand(CLI::App& app, std::vector<std::string> compilerArgs) {
  auto options = std::make_shared<AutoquantizeOptions>();
  options->extraArgs = std::move(compilerArgs);
  CLI::App* cmd = app.add_subcommand(
      "autoquantize", "Rewrite model source into quantized model source (Python .py or C++)");
  cmd->footer(
      "Several input files with -o FILE are converted together into one output (helpers thread across them).\n"
      "Batch mode: when an INPUT is a directory, or -o names an existing directory or ends with '/', every\n"
      "input file (directories walked recursively: .py, .cpp/.cc/.cxx/.h/.hpp; hidden directories and\n"
      "__pycache__ skipped) is converted on its own into the same relative path below the output directory\n"
      "(C++ files as quantized_<name>, so that a generated file never includes itself).\n"
      "Files without a module class are reported as skipped; a file that fails does not stop the others;\n"
      "the exit code is 1 when any file failed (or, with --check, is stale). Outputs are never written\n"
      "outside the output directory (symbolic links on the way are refused). See docs/batch.md.");
  cmd->add_option("INPUT", options->inputs, "Model source files (.py, or C++ .cpp/.h), or directories (batch mode)")
      ->required();
  cmd->add_option("-o,--output", options->output,
                  "Output file, '-' for stdout, or a directory (batch mode: existing, or ending with '/')")
      ->required();
  cmd->add_flag("-f,--force", options->force, "Overwrite an existing output file");
  cmd->add_flag("--no-type-inference", options->noTypeInference,
                "Treat every value as a potential tensor (FastForward's use_type_inference=False)");
  cmd->add_flag("--no-tensor-methods", options->noTensorMethods,
                "Leave Tensor methods such as x.relu() alone, as FastForward does");
  cmd->add_option("--optable", options->optables, "Extra operator table (YAML); repeatable")
      ->check(CLI::ExistingFile);
  cmd->add_option("--pattern", options->patterns,
                  "Replacement rule 'PATTERN => REPLACEMENT' applied before quantization; repeatable");
  cmd->add_option("--patterns", options->patternFiles, "YAML file of replacement rules; repeatable")
      ->check(CLI::ExistingFile);
  cmd->add_option("--class", options->classes, "Root module class to convert; repeatable");
  cmd->add_option("--module-name", options->moduleName,
                  "Python module the original classes are imported from (default: from the path)");
  cmd->add_flag("--check", options->check,
                "Do not write; print a unified diff and exit 1 when an output is missing or stale (for CI)");
  cmd->add_flag("--diff", options->diff, "Print a unified diff against the existing outputs; write nothing");
  cmd->add_option("-j,--jobs", options->jobs,
                  "Files converted in parallel by worker processes (batch mode); output is the same for any N")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--report", options->reportPath,
                  "Write a JSON report: per file the classes, quantizers with locations, skipped functions, timings");
  cmd->add_option("--depfile", options->depfile,
                  "Also write a Make-style dependency file (OUTPUT: every input, project header, table and "
                  "pattern file read), for build systems; single-output runs only");
  cmd->add_option("-p", options->buildDir, "C++: build directory holding compile_commands.json");
  cmd->add_option("--extra-arg", options->extraArgs, "C++: extra compiler argument; repeatable");
  return [options]() { return runAutoquantize(*options); };
}

} // namespace ffquant::tools

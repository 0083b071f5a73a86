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
  cmd->add_option("INPUT", options->inputs, "Model source files (.py, or C++ .cpp/.h)")->required();
  cmd->add_option("-o,--output", options->output, "Output file, or '-' for stdout")->required();
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
                "Do not write; exit 1 when the output is missing or stale (for CI)");
  cmd->add_flag("--diff", options->diff, "Print a unified diff against the existing output; write nothing");
  cmd->add_option("-j,--jobs", options->jobs, "Files processed in parallel (not supported yet)")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--report", options->reportPath, "Write a JSON report of the run (not supported yet)");
  cmd->add_option("-p", options->buildDir, "C++: build directory holding compile_commands.json");
  cmd->add_option("--extra-arg", options->extraArgs, "C++: extra compiler argument; repeatable");
  return [options]() { return runAutoquantize(*options); };
}

} // namespace ffquant::tools

// Options of `ffquant autoquantize`, as parsed from the command line.
#pragma once

#include <string>
#include <vector>

namespace ffquant::tools {

struct AutoquantizeOptions {
  std::vector<std::string> inputs;
  std::string output;
  bool force = false;
  bool noTypeInference = false;
  bool noTensorMethods = false;
  std::vector<std::string> optables;
  std::vector<std::string> patterns;
  std::vector<std::string> patternFiles;
  std::vector<std::string> classes;
  std::string moduleName;
  bool check = false;
  bool diff = false;
  unsigned jobs = 1;
  std::string reportPath;
  /// A Make-style dependency file for build systems: the output and every file it depends on.
  std::string depfile;
  std::string buildDir;
  std::vector<std::string> extraArgs;
};

/// Runs autoquantize with parsed options; prints diagnostics and returns the exit code.
int runAutoquantize(const AutoquantizeOptions& options);

} // namespace ffquant::tools

// ffquant: the command-line entry point. Parses arguments and runs one subcommand.
#include "Commands.h"

#include <iostream>
#include <string>
#include <vector>

#ifndef FFQUANT_VERSION
#define FFQUANT_VERSION "unknown"
#endif

int main(int argc, char** argv) {
  using namespace ffquant::tools;
  CLI::App app{"ffquant: turns PyTorch model source (Python or C++ LibTorch) into quantized model "
               "source, without running the model."};
  app.set_version_flag("--version", std::string("ffquant ") + FFQUANT_VERSION);
  app.require_subcommand(1);

  // Everything after `--` goes to the C++ compiler, as for every Clang tool; CLI11 sees the rest.
  int parsedArgc = argc;
  std::vector<std::string> compilerArgs;
  for (int i = 1; i < argc; ++i)
    if (std::string(argv[i]) == "--") {
      parsedArgc = i;
      compilerArgs.assign(argv + i + 1, argv + argc);
      break;
    }

  std::function<int()> runOptable = registerOptableCommand(app);
  std::function<int()> runAutoquantize = registerAutoquantizeCommand(app, compilerArgs);

  try {
    app.parse(parsedArgc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kExitUsage;
  }

  for (CLI::App* sub : app.get_subcommands()) {
    if (sub->get_name() == "optable") return runOptable();
    if (sub->get_name() == "autoquantize") return runAutoquantize();
  }
  return kExitUsage;
}

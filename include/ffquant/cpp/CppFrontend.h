// The C++ frontend: LibTorch module source -> the shared syntax tree and frontend facts, with
// Clang libTooling. Only code in the input file itself is lowered; headers are context.
#pragma once

#include "ffquant/ir/Program.h"
#include "ffquant/support/Diagnostic.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace ffquant::cpp {

struct CppParseOptions {
  /// Extra compiler arguments (after `--` on the command line).
  std::vector<std::string> extraArgs;
  /// Directory holding compile_commands.json (`-p`); empty: LibTorch's defaults.
  std::string buildDir;
  /// A precompiled header of the torch headers to use; empty: the cached one (built on demand).
  std::string pchPath;
  /// Source text to parse instead of the file's (after pattern rules); the path still names it.
  std::optional<std::string> text;
};

/// A replacement the C++ emitter makes in copied class text: a type spelled at `begin..end`.
struct TypeRename {
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
  std::string qualifiedName; // what the spelling names: `torch::nn::Linear`, `BlockImpl`
};

/// What the C++ emitter needs about a module class beyond the shared facts.
struct CppClassFacts {
  std::string name;                  // NetImpl
  std::uint32_t begin = 0, end = 0;  // the class definition, `struct` to `;`
  std::uint32_t nameBegin = 0;       // the class name after `struct`
  std::uint32_t bodyEnd = 0;         // offset of the closing `}`
  std::vector<std::uint32_t> constructorNames; // offsets of constructor/destructor names
  /// Base specifiers naming torch::nn::Module (or Cloneable), to become QuantizedModule.
  std::vector<std::pair<std::uint32_t, std::uint32_t>> moduleBases;
  std::string holderName; // `Net` from TORCH_MODULE(Net), if any
  /// Enclosing namespaces, outermost first: the copy is emitted inside the same ones.
  std::vector<std::string> namespaces;
  /// Member functions defined outside the class in this file (constructors included).
  std::vector<std::pair<std::uint32_t, std::uint32_t>> outOfLine;
};

/// A free function of the file that returns a module (`torch::nn::Conv2d conv3x3(...)`): the
/// copies call a quantized copy of it.
struct ModuleFactory {
  std::string name;
  std::uint32_t begin = 0, end = 0; // the definition
  std::uint32_t nameBegin = 0;      // its name in the definition
  std::vector<std::pair<std::uint32_t, std::uint32_t>> references; // names at call sites
};

struct CppUnit {
  std::unique_ptr<ir::SourceUnit> unit;
  std::vector<ModuleFactory> factories;
  std::vector<CppClassFacts> classes;
  std::vector<TypeRename> typeRenames;
  std::vector<std::string> includes; // `#include` lines of the input, verbatim
  /// The input and every non-system file Clang read for it (project headers).
  std::vector<std::string> dependencies;
  /// Parameters declared `const at::Tensor&` (they become by-value so they can be reassigned).
  std::vector<std::pair<std::uint32_t, std::uint32_t>> constTensorRefParams;
};

std::unique_ptr<CppUnit> parseCppFile(const std::string& path, const CppParseOptions& options,
                                      DiagnosticSink& diagnostics);

/// A cached precompiled header of <torch/torch.h> for these arguments, built on first use in
/// $FFQUANT_CACHE_DIR (default ~/.cache/ffquant); empty when it cannot be built or
/// FFQUANT_NO_PCH is set.
std::string torchPrecompiledHeader(const std::vector<std::string>& args);

/// Compiler arguments that find LibTorch's headers and Clang's builtin headers.
std::vector<std::string> defaultCompilerArguments();

} // namespace ffquant::cpp

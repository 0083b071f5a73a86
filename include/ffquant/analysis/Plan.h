// The plan: the middle layer's output. Abstract edits against the syntax tree of each input
// (rewrite this op, quantize this value here, declare these quantizers, thread these
// parameters), which a language's emitter renders as text.
#pragma once

#include "ffquant/ir/Program.h"
#include "ffquant/optable/OperatorTable.h"
#include "ffquant/support/Diagnostic.h"

#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

namespace ffquant::analysis {

/// What a quantizer quantizes. Emitters that can tag quantizers (the C++ runtime's metadata)
/// turn it into FastForward's default tags, so configuration queries such as
/// `**/[qtag:activation/output]` select generated quantizers like the standard modules' ones.
enum class QuantizerRole {
  Output,    // the result of an operator or of a call: activation/output
  Input,     // a parameter of the function: activation/input
  Attribute, // a tensor attribute of the module read in a method (`self.weight`): parameter
  Value,     // any other quantized expression: activation
};

/// One quantizer, declared once in its group (a class, or a helper's keyword parameters).
struct Quantizer {
  std::string baseName; // `relu`, `x`, `self_weight`, `_tmp_3`
  std::string name;     // final, unique in its group: `quantizer_x_2`
  const ir::Node* origin = nullptr;
  QuantizerRole role = QuantizerRole::Output;
};

/// `call(...)` / `a + b` / `x.relu()` becomes `<dispatch>(<args>, output_quantizer=<q>)`.
struct OpRewrite {
  const optable::OperatorEntry* entry = nullptr;
  std::string dispatch;
  int outputQuantizer = -1; // index into Plan::quantizers, or -1
  const ir::Node* receiver = nullptr; // Tensor method receiver, emitted as the first argument
};

/// A statement `target = <quantizer>(<source>)` inserted into a block.
struct Insertion {
  enum class Where { BlockStart, Before, After };
  Where where = Where::Before;
  /// The block (BlockStart), or the statement or hoisted candidate it goes before/after.
  const ir::Node* anchor = nullptr;
  std::string target;
  /// Quantized expression; null means the target variable itself (`x = q(x)`).
  const ir::Node* source = nullptr;
  int quantizer = -1;
};

/// A keyword argument added to a call site: `<name>=<quantizer of this function>`.
struct ThreadedArgument {
  std::string parameter;
  int quantizer = -1;
};

enum class FunctionContext {
  Instance, // quantizers are attributes of the module: `self.quantizer_x`
  Free,     // helpers, static and class methods: quantizers are keyword-only parameters
};

struct FunctionPlan {
  const ir::SourceUnit* unit = nullptr;
  const ir::Node* function = nullptr;
  FunctionContext context = FunctionContext::Instance;
  std::string selfName = "self";
  std::string emittedName;

  std::map<const ir::Node*, OpRewrite> rewrites;
  /// Expressions replaced by `<quantizer>(<expression>)` where they stand.
  std::map<const ir::Node*, int> inlineQuantized;
  /// Comprehension targets used several times: first use `(__ffK := q(t))`, others `__ffK`.
  std::map<const ir::Node*, std::string> walrusFirstUse;
  std::map<const ir::Node*, std::string> replacedByName;
  std::vector<Insertion> insertions;
  /// Free functions: quantizers that become keyword-only parameters, in signature order.
  std::vector<int> parameters;
  /// Calls to converted helpers: the new callee name and the quantizer keywords.
  std::map<const ir::Node*, std::string> renamedCallees;
  std::map<const ir::Node*, std::vector<ThreadedArgument>> threadedArguments;
  /// Bare names referring to renamed helpers (a helper passing itself by name).
  std::map<const ir::Node*, std::string> renamedNames;
  /// `super()` in a method becomes `super(<Class>, self)`.
  std::map<const ir::Node*, std::string> superAnchors;
  /// `_tmp_N` isolation inside this function: candidate -> temp name.
  std::map<const ir::Node*, std::string> hoisted;
  /// Hoisted candidates in order before each statement.
  std::map<const ir::Node*, std::vector<const ir::Node*>> hoistedBefore;
};

struct ClassPlan {
  const ir::SourceUnit* unit = nullptr;
  const ir::ClassInfo* cls = nullptr;
  std::string emittedName; // QuantizedX
  std::string baseName;    // X, or an import alias when two emitted classes share a name
  /// Quantizers declared in `__init_quantization__`, in declaration order.
  std::vector<int> quantizers;
  std::vector<FunctionPlan> methods;
};

/// An import the output needs.
struct ImportSymbol {
  std::string module; // `torch.nn.functional` or `mypkg.model`
  std::string name;   // empty for `import module`
  std::string alias;
  bool operator<(const ImportSymbol& o) const {
    return std::tie(module, name, alias) < std::tie(o.module, o.name, o.alias);
  }
};

/// A function the conversion left as written, and why (for reports; language-neutral).
struct SkippedFunction {
  const ir::SourceUnit* unit = nullptr;
  const ir::Node* function = nullptr;
  std::string name;   // `helper`, `Net.extra_repr`
  std::string reason; // a short phrase: `needs no quantizer`
};

struct ConversionSummary {
  int classesConverted = 0;
  int functionsConverted = 0;
  int functionsSkipped = 0;
  int quantizers = 0;
};

struct Plan {
  std::vector<Quantizer> quantizers;
  std::vector<FunctionPlan> helpers;
  std::vector<ClassPlan> classes;
  /// Functions reached or owned by converted classes that were left as written, in plan order.
  std::vector<SkippedFunction> skipped;
  /// Roots of non-default dispatch targets (`import my_pkg`).
  std::set<std::string> dispatchModules;
  ConversionSummary summary;

  const Quantizer& quantizer(int index) const { return quantizers.at(static_cast<std::size_t>(index)); }
};

} // namespace ffquant::analysis

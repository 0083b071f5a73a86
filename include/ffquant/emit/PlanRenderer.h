// Renders one converted function of a plan as text, for any language: a node the plan does not
// touch is its original text with edited children substituted, so untouched code keeps its bytes.
// A language emitter derives and supplies its syntax through the hooks.
#pragma once

#include "ffquant/analysis/Plan.h"

#include <map>
#include <string>
#include <vector>

namespace ffquant::emit {

class PlanRenderer {
public:
  PlanRenderer(const analysis::Plan& plan, const analysis::FunctionPlan& function);
  virtual ~PlanRenderer() = default;

  /// The whole function, decorators (or return type) to the end of its body.
  std::string render();

protected:
  // ----- language hooks -----

  /// How a quantizer is referred to inside the function (`self.quantizer_x`, `quantizer_x`).
  virtual std::string quantizerRef(int quantizer) const = 0;
  /// `target = q(source)`; `declares` when the target is a new variable.
  virtual std::string quantizeStatement(const std::string& target, const std::string& quantizer,
                                        const std::string& source, bool declares) const = 0;
  /// `_tmp_N = expression` before the statement it was isolated from.
  virtual std::string hoistStatement(const std::string& name, const std::string& expression) const = 0;
  /// The rewritten op call, from the rendered arguments in order.
  virtual std::string opCall(const ir::Node* node, const analysis::OpRewrite& rewrite,
                             std::vector<std::string> arguments) const = 0;
  /// A rewritten augmented assignment `t op= v` (the op already rendered).
  virtual std::string rewrittenAugmentedAssignment(const std::string& target, const std::string& op) const = 0;
  /// An augmented assignment that is not rewritten.
  virtual std::string plainAugmentedAssignment(const ir::Node* node);
  /// Keyword arguments threaded into a call (`name=value`).
  virtual std::string threadedArgument(const std::string& parameter, const std::string& value) const = 0;
  /// A block written without its own lines (`if c: x` / `if (c) x;`) that must grow.
  virtual std::string expandedBlock(const std::vector<std::string>& lines, const std::string& outerIndent,
                                    const std::string& indent) const = 0;
  /// The free function's header with its quantizer parameters (language specific).
  virtual std::string functionWithParameters(const ir::Node* function) = 0;

  // ----- shared rendering -----

  std::string node(const ir::Node* n);
  std::string copy(const ir::Node* n);
  std::string expression(const ir::Node* n, bool asHoistValue = false);
  std::string expressionCore(const ir::Node* n);
  std::string call(const ir::Node* n);
  std::string rewrittenOp(const ir::Node* n, const analysis::OpRewrite& r);
  std::string augmentedAssignment(const ir::Node* n);
  std::string block(const ir::Node* b);
  /// Original text between two offsets; a language may rewrite spellings inside it (C++ maps
  /// module types to their quantized counterparts).
  virtual std::string slice(std::uint32_t begin, std::uint32_t end) const { return text_.substr(begin, end - begin); }
  std::string insertionText(const analysis::Insertion& ins);
  std::vector<std::string> linesFor(const std::map<const ir::Node*, std::vector<const analysis::Insertion*>>& map,
                                    const ir::Node* anchor);
  std::uint32_t headerLineStart(const ir::Node* block) const;

  const analysis::Plan& plan_;
  const analysis::FunctionPlan& fp_;
  const ir::SourceUnit& unit_;
  const std::string& text_;
  std::map<const ir::Node*, std::vector<const analysis::Insertion*>> blockStart_, before_, after_;
};

/// Whitespace at the start of the line holding `offset`.
std::string indentationAt(const std::string& text, std::size_t offset);

} // namespace ffquant::emit

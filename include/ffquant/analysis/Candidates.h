// Replacement candidates and their isolation into `_tmp_N` statements (spec §2.5, §2.6, §7.1),
// decided once per source unit because the numbering runs over the whole file.
#pragma once

#include "ffquant/analysis/TypeInference.h"
#include "ffquant/ir/Program.h"

#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace ffquant::analysis {

struct CandidateOptions {
  /// Callee spellings that are never candidates nor rewritten (spec §8.5).
  std::vector<std::string> bypass = {"torch.utils.checkpoint.checkpoint", "torch.overrides.handle_torch_function",
                                     "torch.compiler.is_exporting", "torch._check_with"};
};

/// A candidate moved to its own statement `_tmp_N = <candidate>` before `statement`.
struct Hoist {
  int number = 0;
  const ir::Node* statement = nullptr;
  std::string name() const { return "_tmp_" + std::to_string(number); }
};

class CandidateSet {
public:
  /// Marks candidates over the whole unit and numbers the isolated ones in post-order.
  CandidateSet(const ir::SourceUnit& unit, TypeInference& types, const CandidateOptions& options = {});

  bool isCandidate(const ir::Node* n) const { return candidates_.count(n) > 0; }
  const Hoist* hoistOf(const ir::Node* n) const;
  /// Hoisted candidates placed before `statement`, in insertion (post-)order.
  const std::vector<const ir::Node*>& hoistedBefore(const ir::Node* statement) const;
  bool isBypassed(const ir::Node* call) const;
  /// The AugAssign's implicit binary operation (`x += y` is `x = x + y`) is a candidate.
  bool augmentedIsCandidate(const ir::Node* augAssign) const { return candidates_.count(augAssign) > 0; }

private:
  bool isSimpleLiteral(const ir::Node* n) const;
  bool markedPlain(const ir::Node* n) const;
  bool markedTyped(const ir::Node* n, TypeInference& types) const;
  void isolate();

  const ir::SourceUnit& unit_;
  CandidateOptions options_;
  std::unordered_set<const ir::Node*> candidates_;
  std::unordered_map<const ir::Node*, Hoist> hoists_;
  std::unordered_map<const ir::Node*, std::vector<const ir::Node*>> hoistedBefore_;
};

/// Nodes of the simple-statement kinds, before which candidates can be isolated.
bool isSimpleStatement(const ir::Node* n);

} // namespace ffquant::analysis

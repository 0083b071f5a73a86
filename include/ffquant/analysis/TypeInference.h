// Static type inference over one source unit (spec §7.3): literals, annotations, typed
// attributes, scalar arithmetic, torch.Size and `.size()`/`.shape`, iteration. No mypy.
#pragma once

#include "ffquant/analysis/ValueType.h"
#include "ffquant/ir/Program.h"

#include <map>
#include <set>
#include <unordered_map>

namespace ffquant::analysis {

class TypeInference {
public:
  /// With `enabled` false every expression is Unknown (FastForward's use_type_inference=False).
  TypeInference(const ir::SourceUnit& unit, bool enabled);

  /// The type of an expression. Expressions outside any function see an empty environment.
  ValueType typeOf(const ir::Node* expr);
  bool enabled() const { return enabled_; }

private:
  struct Environment {
    const Environment* outer = nullptr;
    const ir::ClassInfo* owner = nullptr; // class of the method, for `self.attr`
    std::string selfName;
    std::map<std::string, ValueType> variables;
  };

  const Environment* environmentFor(const ir::Node* expr);
  const Environment& buildEnvironment(const ir::Node* function);
  void scanBlock(const ir::Node* block, Environment& env);
  void bindTarget(const ir::Node* target, const ValueType& value, Environment& env, bool declared);
  bool bindEnumerateOrZip(const ir::Node* iter, const ir::Node* target, Environment& env);
  ValueType infer(const ir::Node* expr, const Environment* env);
  ValueType inferUncached(const ir::Node* expr, const Environment* env);
  ValueType inferCall(const ir::Node* call, const Environment* env);
  ValueType lookup(const std::string& name, const Environment* env) const;
  ValueType annotationType(const ir::Node* annotation) const;
  const ir::ClassInfo* classOf(const ir::Node* function) const;
  std::string resolveName(const std::string& dotted) const;

  const ir::SourceUnit& unit_;
  bool enabled_;
  std::unordered_map<const ir::Node*, Environment> environments_;
  std::unordered_map<const ir::Node*, ValueType> cache_;
  std::set<const ir::Node*> inferring_; // attribute values being inferred (recursion guard)
  std::map<std::pair<const ir::Node*, const Environment*>, ValueType> inferred_;
  int building_ = 0; // environments under construction: their answers are partial
};

} // namespace ffquant::analysis

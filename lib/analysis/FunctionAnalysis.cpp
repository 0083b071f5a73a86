// One function's conversion: operator rewriting, the reaching-definitions analysis that decides
// which values need a quantizer (§4.2), expression quantizers over branch scopes (§4.4), and the
// insertion pass that creates quantizers in FastForward's order (§5.3).
#include "ffquant/analysis/FunctionAnalysis.h"

#include <algorithm>
#include <cctype>
#include <deque>
#include <functional>
#include <set>
#include <unordered_map>

namespace ffquant::analysis {

using namespace ir;

std::string identifierFromExpression(const std::string& text) {
  std::string s = text;
  auto replaceAll = [&](const std::string& from, const std::string& to) {
    std::string out;
    for (std::size_t i = 0; i < s.size();) {
      if (s.compare(i, from.size(), from) == 0) {
        out += to;
        i += from.size();
      } else {
        out += s[i++];
      }
    }
    s = out;
  };
  replaceAll("+", "_plus_");
  replaceAll("-", "_minus_");
  replaceAll("*", "_mul_");
  replaceAll("//", "_div_");
  replaceAll("/", "_div_");
  std::string out;
  for (char c : s) {
    char k = (std::isalnum(static_cast<unsigned char>(c)) || c == '_') ? c : '_';
    if (k == '_' && !out.empty() && out.back() == '_') continue;
    out += k;
  }
  while (!out.empty() && out.back() == '_') out.pop_back();
  static const std::set<std::string> keywords = {
      "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
      "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in",
      "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield"};
  if (out.empty() || std::isdigit(static_cast<unsigned char>(out[0])) || keywords.count(out)) out = "_" + out;
  return out;
}

namespace {

enum class Flow { Normal, Return, Break, Continue };

/// What produced a definition.
enum class ProducerKind { Parameter, Assignment, Hoist, LoopTarget, WithTarget, ComprehensionTarget };

struct Definition {
  std::string variable;
  const Node* producer = nullptr;
  ProducerKind kind = ProducerKind::Assignment;
  bool quantized = false;
  bool needsQuantizer = false;
  std::vector<const Node*> uses; // Name reads, kept for comprehension targets
};

struct Scope {
  Scope* parent = nullptr;
  std::map<std::string, std::vector<int>> variables;
  bool isLoop = false;
  bool sawBreak = false; // a `break` inside a branch of this loop
};

/// A node of the branch-scope tree of §4.4: a function body or an if/elif/else body.
struct Branch {
  Branch* parent = nullptr;
  const Node* block = nullptr;
  bool isRoot = false;
  std::vector<Branch*> children;
  std::map<std::string, std::vector<const Node*>> entries; // expression text -> uses
};

/// One materialised expression quantizer: key text in a block, with its uses there.
struct Materialised {
  std::string key;
  std::string target;
  const Node* block = nullptr;
  std::vector<const Node*> uses;
  bool inlineForm = false; // subscripts and displays are quantized where they stand
};

void addUnique(std::vector<int>& list, int value) {
  if (std::find(list.begin(), list.end(), value) == list.end()) list.push_back(value);
}

class Analysis {
public:
  Analysis(const optable::OperatorTable& table, TypeInference& types, const CandidateSet& candidates,
           const MatchOptions& options, Plan& plan, const FunctionAnalysisInput& input)
      : table_(table), types_(types), candidates_(candidates), options_(options), plan_(plan),
        unit_(*input.unit), input_(input) {}

  FunctionAnalysisResult run() {
    result_.plan.unit = input_.unit;
    result_.plan.function = input_.function;
    result_.plan.context = input_.context;
    std::vector<Node*> params = input_.function->childrenWith(Role::Parameter);
    if (input_.context == FunctionContext::Instance && !params.empty()) result_.plan.selfName = params[0]->text;
    collectHoists(input_.function);
    rewriteOperators();
    anchorSuper();
    analyseDataflow();
    resolveExpressionQuantizers();
    insertionPass();
    if (input_.context == FunctionContext::Instance) deduplicateInlineQuantizers();
    collectCalls();
    return std::move(result_);
  }

private:
  // ----- quantizers -------------------------------------------------------------------------

  int createQuantizer(const std::string& base, const Node* origin, QuantizerRole role) {
    Quantizer q;
    q.baseName = base;
    q.origin = origin;
    q.role = role;
    plan_.quantizers.push_back(q);
    int index = static_cast<int>(plan_.quantizers.size()) - 1;
    result_.created.push_back(index);
    return index;
  }

  /// A quantized expression reading an attribute of the module (`self.weight`, C++ `this->w`)
  /// quantizes a parameter or buffer; anything else an activation.
  QuantizerRole roleOfExpression(const Node* expression) const {
    if (expression && expression->is(Kind::Attribute)) {
      const Node* receiver = expression->child(Role::Receiver);
      if (receiver && receiver->is(Kind::Name) &&
          (receiver->text == result_.plan.selfName || receiver->text == "this"))
        return QuantizerRole::Attribute;
    }
    return QuantizerRole::Value;
  }

  // ----- isolation within this function ------------------------------------------------------

  void collectHoists(const Node* function) {
    walkPreOrder(const_cast<Node*>(function), [&](Node* n) {
      if (!isSimpleStatement(n)) return;
      for (const Node* h : candidates_.hoistedBefore(n)) {
        result_.plan.hoisted[h] = candidates_.hoistOf(h)->name();
        result_.plan.hoistedBefore[n].push_back(h);
      }
    });
  }

  bool isHoisted(const Node* n) const { return result_.plan.hoisted.count(n) > 0; }
  const std::string& hoistName(const Node* n) const { return result_.plan.hoisted.at(n); }

  // ----- §3 operator rewriting --------------------------------------------------------------

  void rewriteOperators() {
    walkPostOrder(const_cast<Node*>(input_.function), [&](Node* n) {
      bool eligible = false;
      if (n->is(Kind::Call)) eligible = !candidates_.isBypassed(n); // unmarked calls get a second chance
      else if (n->is(Kind::BinaryOp) || n->is(Kind::UnaryOp) || n->is(Kind::AugAssign)) eligible = candidates_.isCandidate(n);
      if (!eligible) return;
      std::optional<OperatorMatch> match = matchOperator(unit_, table_, n, types_, options_);
      if (!match) return;
      OpRewrite rewrite;
      rewrite.entry = match->entry;
      rewrite.receiver = match->receiver;
      bool python = unit_.language == Language::Python;
      rewrite.dispatch = python ? match->entry->pythonDispatch : match->entry->cppDispatch;
      std::string defaultPrefix = python ? "fastforward." : "fastforward::";
      if (rewrite.dispatch.rfind(defaultPrefix, 0) != 0) {
        std::string root = rewrite.dispatch.substr(0, rewrite.dispatch.find(python ? "." : "::"));
        plan_.dispatchModules.insert(root);
      }
      if (match->entry->schema.returnsQuantized()) rewrite.outputQuantizer = createQuantizer(match->quantizerBase, n, QuantizerRole::Output);
      result_.plan.rewrites[n] = rewrite;
      matches_[n] = std::move(*match);
    });
  }

  bool isQuantizedResult(const Node* value) const {
    if (!value) return false;
    auto it = result_.plan.rewrites.find(value);
    return it != result_.plan.rewrites.end() && it->second.outputQuantizer >= 0;
  }

  // ----- §6.8 super() -----------------------------------------------------------------------

  void anchorSuper() {
    if (input_.context != FunctionContext::Instance || !input_.owner) return;
    walkPreOrder(const_cast<Node*>(input_.function->child(Role::Body)), [&](Node* n) {
      if (!n->is(Kind::Call) || !n->childrenWith(Role::Argument).empty()) return;
      const Node* callee = n->child(Role::Callee);
      if (!callee->is(Kind::Name) || callee->text != "super") return;
      if (!n->parent || !n->parent->is(Kind::Attribute) || n->role != Role::Receiver) return;
      result_.plan.superAnchors[n] = "super(" + input_.owner->name + ", " + result_.plan.selfName + ")";
    });
  }

  // ----- §4.2 reaching definitions --------------------------------------------------------

  int define(Scope* scope, const std::string& variable, const Node* producer, ProducerKind kind, bool quantized) {
    auto key = std::make_pair(producer, variable);
    auto found = definitionIndex_.find(key);
    int index;
    if (found == definitionIndex_.end()) {
      Definition d;
      d.variable = variable;
      d.producer = producer;
      d.kind = kind;
      d.quantized = quantized;
      definitions_.push_back(d);
      index = static_cast<int>(definitions_.size()) - 1;
      definitionIndex_[key] = index;
      byProducer_[producer].push_back(index);
      if (kind == ProducerKind::ComprehensionTarget) comprehensionDefinitions_[variable].push_back(index);
    } else {
      index = found->second;
    }
    scope->variables[variable] = {index}; // replaces this scope's definitions of the variable
    return index;
  }

  std::vector<int> lookup(Scope* scope, const std::string& variable) const {
    std::vector<int> out;
    for (Scope* s = scope; s; s = s->parent) {
      auto it = s->variables.find(variable);
      if (it != s->variables.end())
        for (int d : it->second) addUnique(out, d);
    }
    return out;
  }

  void defineTargets(Scope* scope, const Node* target, const Node* producer, ProducerKind kind, bool quantized) {
    if (target->is(Kind::Name)) {
      define(scope, target->text, producer, kind, quantized);
    } else if (target->is(Kind::Tuple) || target->is(Kind::List)) {
      // Unpacking never yields a quantized value as a whole.
      for (const Node* c : target->children) {
        const Node* inner = c->is(Kind::Starred) && !c->children.empty() ? c->children[0] : c;
        defineTargets(scope, inner, producer, kind, false);
      }
    }
  }

  Branch* newBranch(Branch* parent, const Node* block) {
    branches_.emplace_back();
    Branch* b = &branches_.back();
    b->parent = parent;
    b->block = block;
    b->isRoot = parent == nullptr;
    if (parent) parent->children.push_back(b);
    else roots_.push_back(b);
    return b;
  }

  Scope* newScope(Scope* parent) {
    scopes_.emplace_back();
    Scope* s = &scopes_.back();
    s->parent = parent;
    return s;
  }

  void analyseDataflow() { analyseFunction(input_.function, nullptr); }

  void analyseFunction(const Node* function, Scope* outer) {
    Scope* scope = newScope(outer);
    for (const Node* p : function->childrenWith(Role::Parameter))
      define(scope, p->text, p, ProducerKind::Parameter, false);
    Branch* root = newBranch(nullptr, function->child(Role::Body));
    runBlock(function->child(Role::Body), scope, root);
  }

  Flow runBlock(const Node* block, Scope* scope, Branch* branch) {
    for (const Node* stmt : block->children) {
      auto hoists = result_.plan.hoistedBefore.find(stmt);
      if (hoists != result_.plan.hoistedBefore.end())
        for (const Node* h : hoists->second) {
          eval(h, scope, branch, /*asHoistValue=*/true);
          define(scope, hoistName(h), h, ProducerKind::Hoist, isQuantizedResult(h));
        }
      Flow flow = runStatement(stmt, scope, branch);
      if (flow != Flow::Normal) return flow;
    }
    return Flow::Normal;
  }

  Flow runStatement(const Node* stmt, Scope* scope, Branch* branch) {
    switch (stmt->kind) {
    case Kind::ExprStmt:
    case Kind::OtherStmt:
      for (const Node* c : stmt->children) eval(c, scope, branch);
      return Flow::Normal;
    case Kind::Assign: {
      const Node* value = stmt->child(Role::Value);
      eval(value, scope, branch);
      bool quantized = isQuantizedResult(value);
      for (const Node* t : stmt->childrenWith(Role::Target)) {
        evalTargetReads(t, scope, branch);
        defineTargets(scope, t, stmt, ProducerKind::Assignment, quantized && t->is(Kind::Name));
      }
      return Flow::Normal;
    }
    case Kind::AnnAssign: {
      const Node* value = stmt->child(Role::Value);
      if (!value) return Flow::Normal;
      eval(value, scope, branch);
      const Node* t = stmt->child(Role::Target);
      evalTargetReads(t, scope, branch);
      defineTargets(scope, t, stmt, ProducerKind::Assignment, isQuantizedResult(value));
      return Flow::Normal;
    }
    case Kind::AugAssign: {
      // `t op= v` is `t = t op v`: read t, evaluate v, apply the op, define t.
      const Node* target = stmt->child(Role::Target);
      eval(target, scope, branch);
      eval(stmt->child(Role::Value), scope, branch);
      applyDemands(stmt, scope, branch);
      if (target->is(Kind::Name)) define(scope, target->text, stmt, ProducerKind::Assignment, isQuantizedResult(stmt));
      return Flow::Normal;
    }
    case Kind::Return:
    case Kind::Raise:
      for (const Node* c : stmt->children) eval(c, scope, branch);
      return Flow::Return;
    case Kind::Break: return Flow::Break;
    case Kind::Continue: return Flow::Continue;
    case Kind::If: return runIf(stmt, scope, branch);
    case Kind::For:
    case Kind::While: return runLoop(stmt, scope, branch);
    case Kind::Try: return runTry(stmt, scope, branch);
    case Kind::With: {
      for (const Node* item : stmt->childrenWith(Role::Item)) {
        eval(item->child(Role::Value), scope, branch);
        if (const Node* t = item->child(Role::Target)) defineTargets(scope, t, item, ProducerKind::WithTarget, false);
      }
      return runBlock(stmt->child(Role::Body), scope, branch);
    }
    case Kind::Function: analyseFunction(stmt, scope); return Flow::Normal;
    default: return Flow::Normal;
    }
  }

  /// Receivers and indices of attribute/subscript targets are reads.
  void evalTargetReads(const Node* target, Scope* scope, Branch* branch) {
    if (target->is(Kind::Attribute) || target->is(Kind::Subscript)) {
      for (const Node* c : target->children) eval(c, scope, branch);
    } else if (target->is(Kind::Tuple) || target->is(Kind::List)) {
      for (const Node* c : target->children) evalTargetReads(c, scope, branch);
    }
  }

  /// Definitions made in a branch that leaves a loop flow to the loop (break: after it;
  /// continue: to the next iteration).
  void forwardToLoop(Scope* scope, bool isBreak) {
    if (loopStack_.empty()) return;
    Scope* loop = loopStack_.back();
    if (isBreak) loop->sawBreak = true;
    for (auto& [variable, defs] : scope->variables)
      for (int d : defs) addUnique(loop->variables[variable], d);
  }

  Flow runIf(const Node* stmt, Scope* scope, Branch* branch) {
    std::vector<Scope*> contributing;
    bool exhaustive = false;
    for (const Node* b : stmt->children) {
      if (b->role == Role::Else) exhaustive = true;
      if (const Node* test = b->child(Role::Test)) eval(test, scope, branch);
      Scope* child = newScope(scope);
      Branch* childBranch = newBranch(branch, b->child(Role::Body));
      Flow flow = runBlock(b->child(Role::Body), child, childBranch);
      if (flow == Flow::Normal) contributing.push_back(child);
      if (flow == Flow::Break || flow == Flow::Continue) forwardToLoop(child, flow == Flow::Break);
    }
    std::map<std::string, std::vector<int>> merged;
    for (Scope* s : contributing)
      for (auto& [variable, defs] : s->variables)
        for (int d : defs) addUnique(merged[variable], d);
    for (auto& [variable, defs] : merged) {
      if (exhaustive) scope->variables[variable] = defs;
      else
        for (int d : defs) addUnique(scope->variables[variable], d);
    }
    // Code after an `if` whose every branch returns is still analysed, as FastForward does.
    return Flow::Normal;
  }

  Flow runLoop(const Node* stmt, Scope* scope, Branch* branch) {
    const Node* target = stmt->child(Role::Target);
    if (stmt->is(Kind::For)) eval(stmt->child(Role::Iter), scope, branch);
    else eval(stmt->child(Role::Test), scope, branch);
    Scope* loop = newScope(scope);
    loop->isLoop = true;
    loopStack_.push_back(loop);
    bool broke = false;
    for (int pass = 0; pass < 2; ++pass) {
      if (target) defineTargets(loop, target, stmt, ProducerKind::LoopTarget, false);
      Flow flow = runBlock(stmt->child(Role::Body), loop, branch);
      if (flow == Flow::Break) broke = true;
      if (flow == Flow::Return || flow == Flow::Break) break; // the first pass ended the loop
      if (stmt->is(Kind::While)) eval(stmt->child(Role::Test), loop, branch);
    }
    broke = broke || loop->sawBreak;
    loopStack_.pop_back();
    for (auto& [variable, defs] : loop->variables)
      for (int d : defs) addUnique(scope->variables[variable], d);
    // `else:` runs when the loop ends without `break` (FastForward fails here;
    // docs/compatibility.md). With a `break` in the loop, what it defines may be skipped.
    if (const Node* orElse = stmt->child(Role::Else)) {
      if (!broke) return runBlock(orElse, scope, branch);
      Scope* elseScope = newScope(scope);
      runBlock(orElse, elseScope, branch);
      for (auto& [variable, defs] : elseScope->variables)
        for (int d : defs) addUnique(scope->variables[variable], d);
    }
    return Flow::Normal;
  }

  Flow runTry(const Node* stmt, Scope* scope, Branch* branch) {
    // Definitions made in the body, an except clause or `else` reach the code after the `try`
    // (FastForward discards them; docs/compatibility.md).
    Scope* body = newScope(scope);
    Flow bodyFlow = runBlock(stmt->child(Role::Body), body, branch);
    if (bodyFlow == Flow::Normal)
      if (const Node* orElse = stmt->child(Role::Else)) bodyFlow = runBlock(orElse, body, branch);
    std::vector<Scope*> contributing;
    if (bodyFlow == Flow::Normal) contributing.push_back(body);
    for (const Node* handler : stmt->childrenWith(Role::Handler)) {
      Scope* h = newScope(body); // an exception may come after any part of the body
      for (const Node* c : handler->childrenWith(Role::Value)) eval(c, h, branch);
      if (runBlock(handler->child(Role::Body), h, branch) == Flow::Normal) contributing.push_back(h);
    }
    for (Scope* s : contributing)
      for (Scope* walk = s; walk && walk != scope; walk = walk->parent)
        for (auto& [variable, defs] : walk->variables)
          for (int d : defs) addUnique(scope->variables[variable], d);
    if (const Node* fin = stmt->child(Role::Finally)) return runBlock(fin, scope, branch);
    return bodyFlow == Flow::Normal || !contributing.empty() ? Flow::Normal : bodyFlow;
  }

  void use(Scope* scope, const std::string& variable, const Node* node) {
    for (int d : lookup(scope, variable)) definitions_[static_cast<std::size_t>(d)].uses.push_back(node);
  }

  void eval(const Node* e, Scope* scope, Branch* branch, bool asHoistValue = false) {
    if (!e) return;
    if (!asHoistValue && isHoisted(e)) {
      use(scope, hoistName(e), e);
      return;
    }
    switch (e->kind) {
    case Kind::Name: use(scope, e->text, e); return;
    case Kind::Annotation: return;
    case Kind::Function: analyseFunction(e, scope); return;
    case Kind::Comprehension: evalComprehension(e, scope, branch); return;
    case Kind::Lambda: {
      Scope* inner = newScope(scope);
      for (const Node* c : e->children) eval(c, inner, branch);
      return;
    }
    default: break;
    }
    for (const Node* c : e->children) eval(c, scope, branch);
    applyDemands(e, scope, branch);
  }

  void evalComprehension(const Node* e, Scope* scope, Branch* branch) {
    Scope* inner = newScope(scope);
    std::vector<Node*> items = e->childrenWith(Role::Item);
    // Each `for`: its iterable, then its filters, then its target (§4.2).
    for (std::size_t i = 0; i < items.size(); ++i) {
      const Node* item = items[i];
      if (!item->is(Kind::CompFor)) continue;
      for (const Node* iter : item->childrenWith(Role::Iter)) eval(iter, inner, branch);
      for (std::size_t j = i + 1; j < items.size() && items[j]->is(Kind::CompIf); ++j)
        eval(items[j]->child(Role::Test), inner, branch);
      defineTargets(inner, item->child(Role::Target), item, ProducerKind::ComprehensionTarget, false);
    }
    for (const Node* element : e->childrenWith(Role::Element)) eval(element, inner, branch);
    applyDemands(e, scope, branch);
  }

  bool isSimpleLiteral(const Node* n) const {
    if (n->is(Kind::Literal)) return true;
    if (n->is(Kind::UnaryOp)) return isSimpleLiteral(n->child(Role::Operand));
    if (n->is(Kind::BinaryOp)) return isSimpleLiteral(n->child(Role::Left)) && isSimpleLiteral(n->child(Role::Right));
    return false;
  }

  void applyDemands(const Node* op, Scope* scope, Branch* branch) {
    auto it = matches_.find(op);
    if (it == matches_.end()) return;
    for (const ArgumentBinding& b : it->second.bindings)
      if (b.parameter->type.containsQuantized()) demand(b.expression, scope, branch);
  }

  /// An op needs `e` quantized (§4.1).
  void demand(const Node* e, Scope* scope, Branch* branch) {
    // C++ knows every type: a scalar or another non-tensor argument (a `double` member) cannot go
    // through a quantizer, which takes tensors (Python quantizes it anyway, as FastForward does).
    if (unit_.language == Language::Cpp) {
      auto type = unit_.staticTypes.find(e);
      if (type != unit_.staticTypes.end() && type->second != 't') return;
    }
    if (isHoisted(e)) {
      demandVariable(hoistName(e), scope);
      return;
    }
    if (e->is(Kind::Name)) {
      demandVariable(e->text, scope);
      return;
    }
    if (e->is(Kind::Call) || matches_.count(e) || isSimpleLiteral(e)) return;
    if (e->is(Kind::Name) && (e->text == "None" || e->text == "True" || e->text == "False")) return;
    branch->entries[preprocessedText(e)].push_back(e);
  }

  /// The text of `e` after isolation: hoisted candidates inside it read `_tmp_N` (spec §2.6).
  std::string preprocessedText(const Node* e) const {
    auto canonical = unit_.canonicalText.find(e);
    if (canonical != unit_.canonicalText.end()) return canonical->second;
    std::string out;
    std::uint32_t pos = e->begin;
    for (const Node* c : e->children) {
      out += unit_.text().substr(pos, c->begin - pos);
      out += isHoisted(c) ? hoistName(c) : preprocessedText(c);
      pos = c->end;
    }
    return out + unit_.text().substr(pos, e->end - pos);
  }

  void demandVariable(const std::string& variable, Scope* scope) {
    for (int index : lookup(scope, variable)) {
      Definition& d = definitions_[static_cast<std::size_t>(index)];
      if (d.quantized) continue;
      if (d.kind == ProducerKind::Parameter && (d.producer->has(ParamVarArgs) || d.producer->has(ParamKwArgs)))
        continue; // *args and **kwargs are containers, not tensors: the demand is dropped
      d.quantized = true;
      d.needsQuantizer = true;
    }
  }

  // ----- §4.4 expression quantizers -------------------------------------------------------

  void materialise(Branch* b, const std::string& key, std::vector<const Node*> uses) {
    std::vector<const Node*> unique;
    for (const Node* u : uses)
      if (std::find(unique.begin(), unique.end(), u) == unique.end()) unique.push_back(u);
    Materialised m;
    m.key = key;
    m.target = identifierFromExpression(key);
    m.block = b->block;
    m.uses = unique;
    Kind k = unique.front()->kind;
    m.inlineForm = k == Kind::Subscript || k == Kind::List || k == Kind::Tuple || k == Kind::Set || k == Kind::Dict;
    materialised_.push_back(m);
  }

  std::map<std::string, std::vector<const Node*>> resolveBranch(Branch* b) {
    std::map<std::string, std::vector<const Node*>> offered = b->entries;
    if (b->children.size() == 1) {
      for (auto& [key, uses] : resolveBranch(b->children[0]))
        offered[key].insert(offered[key].end(), uses.begin(), uses.end());
    } else if (!b->children.empty()) {
      std::vector<std::map<std::string, std::vector<const Node*>>> offers;
      for (Branch* c : b->children) offers.push_back(resolveBranch(c));
      std::set<std::string> keys;
      for (auto& o : offers)
        for (auto& kv : o) keys.insert(kv.first);
      for (const std::string& key : keys) {
        bool everywhere = std::all_of(offers.begin(), offers.end(), [&](auto& o) { return o.count(key) > 0; });
        for (std::size_t i = 0; i < offers.size(); ++i) {
          auto found = offers[i].find(key);
          if (found == offers[i].end()) continue;
          if (everywhere) offered[key].insert(offered[key].end(), found->second.begin(), found->second.end());
          else materialise(b->children[i], key, found->second);
        }
      }
    }
    return offered;
  }

  void resolveExpressionQuantizers() {
    for (Branch* root : roots_)
      for (auto& [key, uses] : resolveBranch(root)) materialise(root, key, uses);
  }

  // ----- §5.3 insertion pass ---------------------------------------------------------------

  bool subtreeReads(const Node* n, const Materialised& m) const {
    bool found = false;
    walkPreOrder(const_cast<Node*>(n), [&](Node* x) {
      if (found) return;
      if (std::find(m.uses.begin(), m.uses.end(), x) != m.uses.end()) found = true;
      else if (x->is(Kind::Name) && x->text == m.target) found = true;
    });
    return found;
  }

  void createMaterialised(const Node* block, bool inlineForm) {
    std::vector<const Materialised*> here;
    for (const Materialised& m : materialised_)
      if (m.block == block && m.inlineForm == inlineForm) here.push_back(&m);
    std::stable_sort(here.begin(), here.end(), [](auto* a, auto* b) { return a->target < b->target; });
    for (const Materialised* m : here) {
      int q = createQuantizer(m->target, m->uses.front(), roleOfExpression(m->uses.front()));
      if (inlineForm) {
        for (const Node* u : m->uses) result_.plan.inlineQuantized[u] = q;
        continue;
      }
      for (const Node* u : m->uses) result_.plan.replacedByName[u] = m->target;
      // Before the first top-level statement of the block that reads the target (hoisted
      // `_tmp` statements count as statements of the block).
      Insertion ins;
      ins.target = m->target;
      ins.source = m->uses.front();
      ins.quantizer = q;
      ins.where = Insertion::Where::Before;
      for (const Node* stmt : block->children) {
        auto hoists = result_.plan.hoistedBefore.find(stmt);
        if (hoists != result_.plan.hoistedBefore.end())
          for (const Node* h : hoists->second)
            if (!ins.anchor && subtreeReads(h, *m)) ins.anchor = h;
        if (!ins.anchor && subtreeReads(stmt, *m)) ins.anchor = stmt;
        if (ins.anchor) break;
      }
      if (!ins.anchor) {
        ins.where = Insertion::Where::After;
        ins.anchor = block->children.back();
      }
      if (assignsReadVariable(ins.anchor, *m)) {
        // Computing it before the statement would read a variable the statement assigns (a loop
        // index, say): quantize where it is used instead. (FastForward hoists it regardless,
        // which breaks the program: docs/compatibility.md.)
        for (const Node* u : m->uses) {
          result_.plan.replacedByName.erase(u);
          result_.plan.inlineQuantized[u] = q;
        }
        continue;
      }
      result_.plan.insertions.push_back(ins);
    }
  }

  /// True when the compound statement `anchor` assigns a variable the expression reads before
  /// one of its uses inside it.
  bool assignsReadVariable(const Node* anchor, const Materialised& m) const {
    if (isSimpleStatement(anchor) || isHoisted(anchor)) return false;
    std::set<std::string> reads;
    for (const Node* u : m.uses)
      walkPreOrder(const_cast<Node*>(u), [&](Node* n) {
        if (n->is(Kind::Name)) reads.insert(n->text);
      });
    bool assigns = false;
    walkPreOrder(const_cast<Node*>(anchor), [&](Node* n) {
      if (assigns || n->role != Role::Target) return;
      walkPreOrder(n, [&](Node* t) {
        if (t->is(Kind::Name) && reads.count(t->text)) assigns = true;
      });
    });
    return assigns;
  }

  std::vector<const Definition*> definitionsOf(const Node* producer) const {
    std::vector<const Definition*> out;
    auto found = byProducer_.find(producer);
    if (found != byProducer_.end())
      for (int i : found->second)
        if (definitions_[static_cast<std::size_t>(i)].needsQuantizer) out.push_back(&definitions_[static_cast<std::size_t>(i)]);
    std::stable_sort(out.begin(), out.end(), [](auto* a, auto* b) { return a->variable < b->variable; });
    return out;
  }

  void quantizeAfter(const Node* producer, Insertion::Where where, const Node* anchor) {
    for (const Definition* d : definitionsOf(producer)) {
      Insertion ins;
      ins.where = where;
      ins.anchor = anchor;
      ins.target = d->variable;
      ins.quantizer = createQuantizer(d->variable, producer, QuantizerRole::Output);
      result_.plan.insertions.push_back(ins);
    }
  }

  void passBlock(const Node* block) {
    createMaterialised(block, /*inlineForm=*/true);
    for (const Node* stmt : block->children) {
      auto hoists = result_.plan.hoistedBefore.find(stmt);
      if (hoists != result_.plan.hoistedBefore.end())
        for (const Node* h : hoists->second) {
          passExpression(h, true);
          quantizeAfter(h, Insertion::Where::After, h);
        }
      passStatement(stmt);
    }
    createMaterialised(block, /*inlineForm=*/false);
  }

  void passStatement(const Node* stmt) {
    switch (stmt->kind) {
    case Kind::Assign:
    case Kind::AnnAssign:
    case Kind::AugAssign:
      for (const Node* c : stmt->children) passExpression(c, false);
      quantizeAfter(stmt, Insertion::Where::After, stmt);
      return;
    case Kind::For:
    case Kind::While: {
      for (const Node* c : stmt->children)
        if (!c->is(Kind::Block)) passExpression(c, false);
      passBlock(stmt->child(Role::Body));
      quantizeAfter(stmt, Insertion::Where::BlockStart, stmt->child(Role::Body));
      if (const Node* orElse = stmt->child(Role::Else)) passBlock(orElse);
      return;
    }
    case Kind::With: {
      for (const Node* item : stmt->childrenWith(Role::Item)) passExpression(item->child(Role::Value), false);
      passBlock(stmt->child(Role::Body));
      for (const Node* item : stmt->childrenWith(Role::Item))
        quantizeAfter(item, Insertion::Where::BlockStart, stmt->child(Role::Body));
      return;
    }
    case Kind::If:
      for (const Node* b : stmt->children) {
        if (const Node* test = b->child(Role::Test)) passExpression(test, false);
        passBlock(b->child(Role::Body));
      }
      return;
    case Kind::Try:
      for (const Node* c : stmt->children) {
        if (c->is(Kind::Block)) passBlock(c);
        else if (c->is(Kind::Handler)) {
          for (const Node* v : c->childrenWith(Role::Value)) passExpression(v, false);
          passBlock(c->child(Role::Body));
        }
      }
      return;
    case Kind::Function: passFunction(stmt); return;
    default:
      for (const Node* c : stmt->children) passExpression(c, false);
      return;
    }
  }

  void passExpression(const Node* e, bool asHoistValue) {
    if (!e || (!asHoistValue && isHoisted(e))) return;
    if (e->is(Kind::Function)) {
      passFunction(e);
      return;
    }
    if (e->is(Kind::Name)) {
      // The first use of a quantized comprehension target creates its quantizer (§5.3).
      auto candidates = comprehensionDefinitions_.find(e->text);
      if (candidates == comprehensionDefinitions_.end()) return;
      for (int index : candidates->second) {
        Definition& d = definitions_[static_cast<std::size_t>(index)];
        if (!d.needsQuantizer) continue;
        if (std::find(d.uses.begin(), d.uses.end(), e) == d.uses.end()) continue;
        if (!comprehensionQuantizers_.count(&d)) emitComprehensionTarget(d);
      }
      return;
    }
    for (const Node* c : e->children) passExpression(c, false);
  }

  void emitComprehensionTarget(const Definition& d) {
    int q = createQuantizer(d.variable, d.producer, QuantizerRole::Output);
    comprehensionQuantizers_[&d] = q;
    std::vector<const Node*> distinct;
    for (const Node* u : d.uses)
      if (std::find(distinct.begin(), distinct.end(), u) == distinct.end()) distinct.push_back(u);
    if (d.uses.size() == 1) {
      result_.plan.inlineQuantized[distinct[0]] = q;
      return;
    }
    // Several uses: compute once with a walrus, reuse the name.
    std::string name = "__ff" + std::to_string(walrusCounter_++);
    result_.plan.inlineQuantized[distinct[0]] = q;
    result_.plan.walrusFirstUse[distinct[0]] = name;
    for (std::size_t i = 1; i < distinct.size(); ++i) result_.plan.replacedByName[distinct[i]] = name;
  }

  void passFunction(const Node* function) {
    for (const Node* c : function->children)
      if (c->role == Role::Decorator || c->role == Role::Parameter)
        for (const Node* x : c->children) passExpression(x, false);
    passBlock(function->child(Role::Body));
    // Leaving the def: its parameters, in order, at the top of the body (§4.3).
    for (const Node* p : function->childrenWith(Role::Parameter))
      for (const Definition* d : definitionsOf(p)) {
        Insertion ins;
        ins.where = Insertion::Where::BlockStart;
        ins.anchor = function->child(Role::Body);
        ins.target = d->variable;
        ins.quantizer = createQuantizer(d->variable, p, QuantizerRole::Input);
        result_.plan.insertions.push_back(ins);
      }
  }

  void insertionPass() { passFunction(input_.function); }

  // ----- §4.5 repeated inline quantizer calls --------------------------------------------

  /// The statement of `block` that holds `n` (or the hoisted candidate holding it), and whether
  /// `n` sits in a comprehension (those are left alone).
  const Node* statementIn(const Node* block, const Node* n, bool& inComprehension) const {
    inComprehension = false;
    const Node* hoist = nullptr;
    for (const Node* p = n; p && p != block; p = p->parent) {
      if (p->is(Kind::Comprehension)) inComprehension = true;
      if (isHoisted(p) && p != n) hoist = p;
      if (p->parent == block) return hoist ? hoist : p;
    }
    return nullptr;
  }

  static const Node* enclosingBlock(const Node* n) {
    for (const Node* p = n->parent; p; p = p->parent)
      if (p->is(Kind::Block)) return p;
    return nullptr;
  }

  void deduplicateInlineQuantizers() {
    // Occurrences of the same quantizer on the same text in the same block share one `_tmp_M`.
    std::map<const Node*, std::map<std::pair<int, std::string>, std::vector<const Node*>>> byBlock;
    for (auto& [node, q] : result_.plan.inlineQuantized) {
      if (result_.plan.walrusFirstUse.count(node)) continue;
      const Node* block = enclosingBlock(node);
      bool inComprehension = false;
      if (!block || !statementIn(block, node, inComprehension) || inComprehension) continue;
      byBlock[block][{q, preprocessedText(node)}].push_back(node);
    }
    std::set<std::string> allocated;
    for (auto& [block, groups] : byBlock) {
      std::set<std::string> usedNames;
      walkPreOrder(const_cast<Node*>(block), [&](Node* n) {
        if (n->is(Kind::Name)) usedNames.insert(n->text);
        if (isHoisted(n)) usedNames.insert(hoistName(n));
      });
      for (auto& [key, nodes] : groups) {
        if (nodes.size() < 2) continue;
        std::sort(nodes.begin(), nodes.end(), [](const Node* a, const Node* b) { return a->begin < b->begin; });
        std::string name;
        for (int m = 1;; ++m) {
          name = "_tmp_" + std::to_string(m);
          if (!usedNames.count(name) && !allocated.count(name)) break;
        }
        allocated.insert(name);
        bool unused = false;
        Insertion ins;
        ins.where = Insertion::Where::Before;
        ins.anchor = statementIn(block, nodes.front(), unused);
        ins.target = name;
        ins.source = nodes.front();
        ins.quantizer = key.first;
        result_.plan.insertions.push_back(ins);
        for (const Node* n : nodes) {
          result_.plan.inlineQuantized.erase(n);
          result_.plan.replacedByName[n] = name;
        }
      }
    }
  }

  // ----- §6.1 calls to follow --------------------------------------------------------------

  void collectCalls() {
    // Breadth-first over the preprocessed function: shallower calls first.
    for (const Node* n : breadthFirstPreprocessed(result_.plan, input_.function->child(Role::Body))) {
      if (n->is(Kind::Call) && !result_.plan.rewrites.count(n) &&
          (candidates_.isCandidate(n) || !types_.enabled())) {
        if (const ResolvedCallee* c = unit_.calleeOf(n)) {
          if (c->kind == ResolvedCallee::Kind::SelfMethod || c->kind == ResolvedCallee::Kind::ClassMethod)
            result_.methodCalls.push_back(n);
          else if (c->kind == ResolvedCallee::Kind::Global)
            result_.functionCalls.push_back(n);
        }
      }
    }
  }

  const optable::OperatorTable& table_;
  TypeInference& types_;
  const CandidateSet& candidates_;
  MatchOptions options_;
  Plan& plan_;
  const SourceUnit& unit_;
  FunctionAnalysisInput input_;
  FunctionAnalysisResult result_;

  std::map<const Node*, OperatorMatch> matches_;
  std::vector<Definition> definitions_;
  std::map<std::pair<const Node*, std::string>, int> definitionIndex_;
  std::unordered_map<const Node*, std::vector<int>> byProducer_;
  std::unordered_map<std::string, std::vector<int>> comprehensionDefinitions_;
  std::deque<Scope> scopes_;
  std::deque<Branch> branches_;
  std::vector<Branch*> roots_;
  std::vector<Scope*> loopStack_;
  std::vector<Materialised> materialised_;
  std::map<const Definition*, int> comprehensionQuantizers_;
  int walrusCounter_ = 0;
};

} // namespace

std::vector<const Node*> breadthFirstPreprocessed(const FunctionPlan& plan, const Node* body) {
  std::vector<const Node*> order;
  std::deque<const Node*> queue{body};
  while (!queue.empty()) {
    const Node* n = queue.front();
    queue.pop_front();
    order.push_back(n);
    for (const Node* c : n->children) {
      if (plan.hoisted.count(c)) continue; // visited as a statement of its block
      auto hoists = plan.hoistedBefore.find(c);
      if (n->is(Kind::Block) && hoists != plan.hoistedBefore.end())
        for (const Node* h : hoists->second) queue.push_back(h);
      queue.push_back(c);
    }
  }
  return order;
}

FunctionAnalysisResult FunctionAnalyzer::analyse(const FunctionAnalysisInput& input) {
  return Analysis(table_, types_, candidates_, options_, plan_, input).run();
}

} // namespace ffquant::analysis

// Orchestrates a conversion: which classes (Decision 1), the FIFO task queue of methods and
// helpers (§6.1), quantizer threading through helper calls (§6.2-6.6), and naming (§5).
#include "ffquant/analysis/Autoquant.h"

#include "ffquant/analysis/FunctionAnalysis.h"

#include <algorithm>
#include <deque>
#include <memory>
#include <set>
#include <unordered_map>

namespace ffquant::analysis {

using namespace ir;

namespace {

/// Per-unit analysis state, built once.
struct UnitState {
  const SourceUnit* unit = nullptr;
  std::unique_ptr<TypeInference> types;
  std::unique_ptr<TypeInference> receiverTypes; // always on (Decision 8)
  std::unique_ptr<CandidateSet> candidates;
};

/// A function being converted, and everything the cross-function passes need about it.
struct Converted {
  UnitState* state = nullptr;
  const Node* function = nullptr;
  FunctionContext context = FunctionContext::Free;
  int classIndex = -1; // owning class plan, for methods
  const ClassInfo* sourceClass = nullptr; // class whose source holds the method (super anchoring)
  bool isHelper = false; // module-level function
  /// The name the helper is called by at its first call site, when its module binds it so (§6.1).
  std::string callSiteName;
  FunctionAnalysisResult result;
  /// Calls to converted free functions (helpers, static/class methods), breadth-first.
  std::vector<std::pair<const Node*, int>> freeCalls; // (call node, callee Converted index)
};

/// A quantizer travelling up the call graph: its origin and the functions it passed through
/// (origin's function first).
struct Entry {
  int quantizer = -1;
  std::vector<int> path; // Converted indices
  bool operator==(const Entry& o) const { return quantizer == o.quantizer && path == o.path; }
};

class Driver {
public:
  Driver(const std::vector<const SourceUnit*>& units, const optable::OperatorTable& table,
         const AutoquantOptions& options, DiagnosticSink& diagnostics)
      : table_(table), options_(options), diagnostics_(diagnostics) {
    for (const SourceUnit* u : units) {
      auto s = std::make_unique<UnitState>();
      s->unit = u;
      s->types = std::make_unique<TypeInference>(*u, options.typeInference);
      s->receiverTypes = std::make_unique<TypeInference>(*u, true);
      s->candidates = std::make_unique<CandidateSet>(*u, *s->types);
      states_.push_back(std::move(s));
    }
  }

  Plan run() {
    std::vector<std::pair<UnitState*, const ClassInfo*>> classes = discoverClasses();
    if (diagnostics_.hasErrors()) return std::move(plan_);
    for (auto& [state, cls] : classes) addClass(state, cls);
    processQueue();
    threadQuantizers();
    nameQuantizers();
    assemble();
    return std::move(plan_);
  }

private:
  // ----- class discovery (Decision 1) --------------------------------------------------------

  std::string qualifiedClassName(const UnitState* s, const ClassInfo& c) const {
    return s->unit->moduleName.empty() ? c.name : s->unit->moduleName + "." + c.name;
  }

  const ClassInfo* findClass(const std::string& qualified, UnitState** owner = nullptr) const {
    if (classIndex_.empty()) // built once: discovery asks about every base and member
      for (const auto& s : states_)
        for (const ClassInfo& c : s->unit->classes)
          classIndex_.emplace(qualifiedClassName(s.get(), c), std::make_pair(s.get(), &c));
    auto it = classIndex_.find(qualified);
    if (it == classIndex_.end()) return nullptr;
    if (owner) *owner = it->second.first;
    return it->second.second;
  }

  bool isModuleClass(const ClassInfo& c, std::set<const ClassInfo*>& seen) const {
    if (!seen.insert(&c).second) return false;
    for (const std::string& base : c.bases) {
      if (base.rfind("torch.nn.", 0) == 0 || base.rfind("nn.", 0) == 0 || base.rfind("torch::nn::", 0) == 0) return true;
      if (const ClassInfo* b = findClass(base))
        if (isModuleClass(*b, seen)) return true;
    }
    return false;
  }

  /// The `forward` a class runs: its own, or the first found in its input bases.
  const Node* forwardOf(const ClassInfo& c, const ClassInfo** where) const {
    std::set<const ClassInfo*> seen;
    std::function<const Node*(const ClassInfo&)> find = [&](const ClassInfo& k) -> const Node* {
      if (!seen.insert(&k).second) return nullptr;
      if (const Node* f = k.method("forward")) {
        *where = &k;
        return f;
      }
      for (const std::string& base : k.bases)
        if (const ClassInfo* b = findClass(base))
          if (const Node* f = find(*b)) return f;
      return nullptr;
    };
    return find(c);
  }

  std::vector<std::pair<UnitState*, const ClassInfo*>> discoverClasses() {
    std::vector<std::pair<UnitState*, const ClassInfo*>> modules;
    for (const auto& s : states_)
      for (const ClassInfo& c : s->unit->classes) {
        std::set<const ClassInfo*> seen;
        if (isModuleClass(c, seen)) modules.emplace_back(s.get(), &c);
      }
    std::set<const ClassInfo*> used; // instantiated by another module class
    for (auto& [s, c] : modules)
      for (const std::string& q : c->instantiated)
        if (const ClassInfo* child = findClass(q))
          if (child != c) used.insert(child);

    std::vector<std::pair<UnitState*, const ClassInfo*>> roots;
    if (!options_.classes.empty()) {
      for (const std::string& name : options_.classes) {
        bool found = false;
        for (auto& [s, c] : modules)
          if (c->name == name || qualifiedClassName(s, *c) == name) {
            roots.emplace_back(s, c);
            found = true;
          }
        if (!found) {
          bool exists = false;
          for (const auto& s : states_)
            if (s->unit->findClass(name)) exists = true;
          diagnostics_.report(Diagnostic::error(
              {}, "--class " + name + ": " +
                      (exists ? "class is not a torch.nn.Module subclass" : "no class of that name in the inputs"),
              "class-not-found"));
        }
      }
    } else {
      for (auto& m : modules)
        if (!used.count(m.second)) roots.push_back(m);
    }
    // Pre-order over the static module tree, first occurrence per class.
    std::vector<std::pair<UnitState*, const ClassInfo*>> ordered;
    std::set<const ClassInfo*> visited;
    std::function<void(UnitState*, const ClassInfo*)> visit = [&](UnitState* s, const ClassInfo* c) {
      if (!visited.insert(c).second) return;
      ordered.emplace_back(s, c);
      for (const std::string& q : c->instantiated) {
        UnitState* owner = nullptr;
        if (const ClassInfo* child = findClass(q, &owner)) {
          std::set<const ClassInfo*> seen;
          if (isModuleClass(*child, seen)) visit(owner, child);
        }
      }
    };
    for (auto& [s, c] : roots) visit(s, c);
    std::vector<std::pair<UnitState*, const ClassInfo*>> withForward;
    for (auto& [s, c] : ordered) {
      const ClassInfo* where = nullptr;
      if (forwardOf(*c, &where)) withForward.emplace_back(s, c);
    }
    if (withForward.empty() && !diagnostics_.hasErrors()) {
      std::string files;
      for (const auto& s : states_) files += (files.empty() ? "" : ", ") + s->unit->source->path();
      diagnostics_.report(Diagnostic::error(
          {states_.empty() ? "" : states_.front()->unit->source->path(), 0, 0},
          "no torch.nn.Module subclass with a forward method to convert", "no-module-class"));
    }
    return withForward;
  }

  // ----- the task queue (§6.1) -------------------------------------------------------------

  void addClass(UnitState* s, const ClassInfo* c) {
    ClassPlan cp;
    cp.unit = s->unit;
    cp.cls = c;
    cp.baseName = c->name;
    plan_.classes.push_back(cp);
    classStates_.push_back(s);
    const ClassInfo* where = nullptr;
    const Node* forward = forwardOf(*c, &where);
    UnitState* sourceState = s;
    for (const auto& st : states_)
      if (st->unit->findClass(where->name) == where) sourceState = st.get();
    enqueue(sourceState, forward, static_cast<int>(plan_.classes.size()) - 1, false, where);
  }

  int enqueue(UnitState* s, const Node* function, int classIndex, bool isHelper,
              const ClassInfo* sourceClass = nullptr) {
    for (std::size_t i = 0; i < converted_.size(); ++i)
      if (converted_[i].function == function && converted_[i].classIndex == classIndex) return static_cast<int>(i);
    Converted c;
    c.state = s;
    c.function = function;
    c.classIndex = classIndex;
    c.sourceClass = sourceClass;
    c.isHelper = isHelper;
    bool freeMethod = function->has(FunctionStaticMethod) || function->has(FunctionClassMethod);
    c.context = (classIndex >= 0 && !freeMethod) ? FunctionContext::Instance : FunctionContext::Free;
    converted_.push_back(std::move(c));
    queue_.push_back(static_cast<int>(converted_.size()) - 1);
    return static_cast<int>(converted_.size()) - 1;
  }

  /// The module-level function a call refers to, if it is defined in the inputs.
  std::pair<UnitState*, const Node*> helperFor(const ResolvedCallee& callee) const {
    for (const auto& s : states_) {
      const std::string prefix = s->unit->moduleName.empty() ? "" : s->unit->moduleName + ".";
      if (callee.qualifiedName.rfind(prefix, 0) != 0) continue;
      std::string local = callee.qualifiedName.substr(prefix.size());
      auto it = s->unit->functions.find(local);
      if (it != s->unit->functions.end()) return {s.get(), it->second};
    }
    return {nullptr, nullptr};
  }

  void processQueue() {
    while (!queue_.empty()) {
      int index = queue_.front();
      queue_.pop_front();
      Converted& task = converted_[static_cast<std::size_t>(index)];
      const ClassInfo* owner = task.sourceClass;
      FunctionAnalyzer analyzer(table_, *task.state->types, *task.state->candidates,
                                MatchOptions{options_.tensorMethods, task.state->receiverTypes.get()}, plan_);
      FunctionAnalysisInput input{task.state->unit, task.function, task.context, owner};
      FunctionAnalysisResult result = analyzer.analyse(input);
      UnitState* state = task.state;
      int classIndex = task.classIndex;
      std::vector<const Node*> methodCalls = result.methodCalls;
      std::vector<const Node*> functionCalls = result.functionCalls;
      converted_[static_cast<std::size_t>(index)].result = std::move(result);

      // (1) methods defined directly in the converted class (inherited ones are not followed,
      // §6.1), then (2) functions of the inputs.
      if (classIndex >= 0) {
        const ClassPlan& cp = plan_.classes[static_cast<std::size_t>(classIndex)];
        UnitState* classState = classStates_[static_cast<std::size_t>(classIndex)];
        for (const Node* call : methodCalls) {
          const ResolvedCallee* callee = state->unit->calleeOf(call);
          if (const Node* m = cp.cls->method(callee->name)) enqueue(classState, m, classIndex, false, cp.cls);
        }
      }
      for (const Node* call : functionCalls) {
        const ResolvedCallee& callee = *state->unit->calleeOf(call);
        auto [helperState, helper] = helperFor(callee);
        if (!helper) continue;
        std::size_t before = converted_.size();
        int index = enqueue(helperState, helper, -1, true);
        if (converted_.size() == before) continue; // already queued: its first call site named it
        // `h = helper; h(x)`: the defining module exposes the function as `h` (§6.1).
        std::string spelled = callee.spelled.substr(callee.spelled.rfind('.') == std::string::npos ? 0 : callee.spelled.rfind('.') + 1);
        auto bound = helperState->unit->globals.find(spelled);
        if (bound != helperState->unit->globals.end() && bound->second == callee.qualifiedName)
          converted_[static_cast<std::size_t>(index)].callSiteName = spelled;
      }
    }
  }

  // ----- §6.2-6.5 threading quantizers through calls ---------------------------------------

  int convertedIndexOfCall(const Converted& caller, const Node* call) const {
    const ResolvedCallee* callee = caller.state->unit->calleeOf(call);
    if (!callee) return -1;
    const Node* helper = callee->kind == ResolvedCallee::Kind::Global ? helperFor(*callee).second : nullptr;
    for (std::size_t i = 0; i < converted_.size(); ++i) {
      const Converted& c = converted_[i];
      if (c.context != FunctionContext::Free) continue;
      if (callee->kind == ResolvedCallee::Kind::Global && c.isHelper) {
        if (helper && helper == c.function) return static_cast<int>(i);
      } else if (callee->kind == ResolvedCallee::Kind::ClassMethod && c.classIndex == caller.classIndex &&
                 c.function->text == callee->name) {
        return static_cast<int>(i);
      }
    }
    return -1;
  }

  void threadQuantizers() {
    for (Converted& c : converted_) {
      for (const Node* call : c.result.methodCalls)
        if (int g = convertedIndexOfCall(c, call); g >= 0) c.freeCalls.emplace_back(call, g);
      for (const Node* call : c.result.functionCalls)
        if (int g = convertedIndexOfCall(c, call); g >= 0) c.freeCalls.emplace_back(call, g);
      // Keep breadth-first order across both kinds of call.
      std::vector<const Node*> order = breadthFirstPreprocessed(c.result.plan, c.function->child(Role::Body));
      std::stable_sort(c.freeCalls.begin(), c.freeCalls.end(), [&](auto& a, auto& b) {
        return std::find(order.begin(), order.end(), a.first) < std::find(order.begin(), order.end(), b.first);
      });
    }
    // args(c) for every call to a free function, to a fixed point (§6.3).
    std::map<const Node*, std::vector<Entry>> args;
    bool changed = true;
    int guard = 0;
    while (changed && guard++ < 64) {
      changed = false;
      for (std::size_t f = 0; f < converted_.size(); ++f) {
        for (auto& [call, g] : converted_[f].freeCalls) {
          std::vector<Entry> computed = argumentsOf(static_cast<int>(f), g, args);
          if (args[call] != computed) {
            args[call] = std::move(computed);
            changed = true;
          }
        }
      }
    }
    args_ = std::move(args);
  }

  std::vector<Entry> argumentsOf(int f, int g, const std::map<const Node*, std::vector<Entry>>& args) const {
    auto extend = [&](std::vector<int> path) {
      auto pos = std::find(path.begin(), path.end(), f);
      if (pos != path.end()) path.erase(pos + 1, path.end()); // recursion: truncate after f
      else path.push_back(f);
      return path;
    };
    std::vector<Entry> out;
    const Converted& callee = converted_[static_cast<std::size_t>(g)];
    // Duplicates are removed within one group (the callee's own, or one inner call's).
    std::set<std::pair<int, std::vector<int>>> seen;
    const std::vector<int> ownPath = extend({g});
    for (int q : callee.result.created)
      if (seen.insert({q, ownPath}).second) out.push_back(Entry{q, ownPath});
    for (const auto& freeCall : callee.freeCalls) {
      auto it = args.find(freeCall.first);
      if (it == args.end()) continue;
      std::set<std::pair<int, std::vector<int>>> group;
      for (const Entry& e : it->second)
        if (e.path.size() > 1) {
          Entry x{e.quantizer, extend(e.path)};
          if (group.insert({x.quantizer, x.path}).second) out.push_back(std::move(x));
        }
    }
    return out;
  }

  std::string functionName(int index) const { return converted_[static_cast<std::size_t>(index)].function->text; }

  /// `quantizer_<path[:-1] reversed>_<origin base>` without the `quantizer_` prefix: the direct
  /// callee first, the origin's function last (§6.4).
  std::string entryBase(const Entry& e) const {
    std::string reversed;
    for (int i = static_cast<int>(e.path.size()) - 2; i >= 0; --i)
      reversed += functionName(e.path[static_cast<std::size_t>(i)]) + "_";
    return reversed + stripPrefix(plan_.quantizers[static_cast<std::size_t>(e.quantizer)].baseName);
  }

  static std::string stripPrefix(const std::string& base) {
    return base.rfind("quantizer_", 0) == 0 ? base.substr(10) : base;
  }

  /// A quantizer standing for `e`'s quantizer in a caller: same role.
  int newQuantizer(const Entry& e, const Node* origin) {
    Quantizer q;
    q.baseName = entryBase(e);
    q.origin = origin;
    q.role = plan_.quantizers[static_cast<std::size_t>(e.quantizer)].role;
    plan_.quantizers.push_back(q);
    return static_cast<int>(plan_.quantizers.size()) - 1;
  }

  /// Builds signatures of free functions (§6.4) and call-site arguments (§6.4, §6.5).
  void buildSignaturesAndCallSites() {
    // signature[g][i] is g's quantizer for args-entry i of any call to g.
    for (std::size_t g = 0; g < converted_.size(); ++g) {
      Converted& c = converted_[g];
      if (c.context != FunctionContext::Free) continue;
      std::vector<int>& signature = signatures_[static_cast<int>(g)];
      for (int q : c.result.created) signature.push_back(q);
      for (const auto& freeCall : c.freeCalls) {
        for (const Entry& e : args_[freeCall.first]) {
          if (e.path.size() == 1) continue; // its own quantizer, back through recursion
          signature.push_back(newQuantizer(e, freeCall.first));
        }
      }
    }
    // Call sites: each entry of args(call) maps to the callee's parameter at the same position.
    for (std::size_t f = 0; f < converted_.size(); ++f) {
      Converted& c = converted_[f];
      std::size_t signatureCursor = c.result.created.size();
      for (auto& [call, g] : c.freeCalls) {
        const std::vector<int>& calleeSignature = signatures_[g];
        const std::vector<Entry>& entries = args_[call];
        std::vector<ThreadedArgument> threaded;
        for (std::size_t i = 0; i < entries.size() && i < calleeSignature.size(); ++i) {
          const Entry& e = entries[i];
          int mine = -1;
          if (c.context == FunctionContext::Instance) {
            mine = newQuantizer(e, call); // a class-level quantizer per call site
            callSiteQuantizers_[c.classIndex].push_back(mine);
          } else if (e.path.size() == 1) {
            mine = e.quantizer; // recursion: pass its own quantizer on
          } else {
            mine = signatures_[static_cast<int>(f)].at(signatureCursor++);
          }
          threaded.push_back({"", mine});
          threadedParams_[call].push_back(calleeSignature[i]);
        }
        c.result.plan.threadedArguments[call] = std::move(threaded);
      }
    }
  }

  // ----- §5 naming ---------------------------------------------------------------------------

  void nameGroup(const std::vector<int>& group) {
    std::map<std::string, int> counts;
    for (int q : group) ++counts[plan_.quantizers[static_cast<std::size_t>(q)].baseName];
    std::map<std::string, int> seen;
    for (int q : group) {
      Quantizer& quantizer = plan_.quantizers[static_cast<std::size_t>(q)];
      std::string base = quantizer.baseName;
      std::string name = base.rfind("quantizer_", 0) == 0 ? base : "quantizer_" + base;
      if (counts[base] > 1) name += "_" + std::to_string(++seen[base]);
      quantizer.name = name;
    }
  }

  void nameQuantizers() {
    buildSignaturesAndCallSites();
    // Class groups: every instance method's quantizers, then call-site quantizers (§5.4).
    for (std::size_t k = 0; k < plan_.classes.size(); ++k) {
      std::vector<int> group;
      for (const Converted& c : converted_)
        if (c.classIndex == static_cast<int>(k) && c.context == FunctionContext::Instance)
          group.insert(group.end(), c.result.created.begin(), c.result.created.end());
      auto sites = callSiteQuantizers_.find(static_cast<int>(k));
      if (sites != callSiteQuantizers_.end()) group.insert(group.end(), sites->second.begin(), sites->second.end());
      nameGroup(group);
      plan_.classes[k].quantizers = group;
    }
    // Free functions: their signature is their group.
    for (auto& [g, signature] : signatures_) nameGroup(signature);
    // Call-site keywords use the callee's parameter names.
    for (Converted& c : converted_)
      for (auto& [call, threaded] : c.result.plan.threadedArguments) {
        const std::vector<int>& params = threadedParams_[call];
        for (std::size_t i = 0; i < threaded.size(); ++i)
          threaded[i].parameter = plan_.quantizers[static_cast<std::size_t>(params[i])].name;
      }
  }

  // ----- §6.6 cleanup and assembly -----------------------------------------------------------

  void assemble() {
    // Helpers that need no quantizer are not emitted; their calls stay as written.
    std::set<int> dropped;
    for (std::size_t g = 0; g < converted_.size(); ++g)
      if (converted_[g].isHelper && signatures_[static_cast<int>(g)].empty()) dropped.insert(static_cast<int>(g));
    // Names of the remaining helpers: quantized_<name>, made unique.
    std::set<std::string> taken;
    for (const ClassPlan& cp : plan_.classes) taken.insert("Quantized" + cp.cls->name);
    std::map<int, std::string> helperNames;
    std::map<std::string, int> originalNameCount;
    for (std::size_t g = 0; g < converted_.size(); ++g) {
      const Converted& c = converted_[g];
      if (!c.isHelper || dropped.count(static_cast<int>(g))) continue;
      std::string base = c.callSiteName.empty() ? c.function->text : c.callSiteName;
      std::string name = "quantized_" + base;
      for (int k = 2; taken.count(name); ++k) name = "quantized_" + base + "_" + std::to_string(k);
      taken.insert(name);
      helperNames[static_cast<int>(g)] = name;
      ++originalNameCount[c.function->text];
    }
    for (std::size_t f = 0; f < converted_.size(); ++f) {
      Converted& c = converted_[f];
      FunctionPlan& fp = c.result.plan;
      for (auto& [call, g] : c.freeCalls) {
        if (dropped.count(g)) {
          fp.threadedArguments.erase(call);
          continue;
        }
        if (converted_[static_cast<std::size_t>(g)].isHelper) fp.renamedCallees[call] = helperNames[g];
      }
      // Bare names of renamed helpers (a helper passing itself by name), unless ambiguous.
      walkPreOrder(const_cast<Node*>(c.function->child(Role::Body)), [&](Node* n) {
        if (!n->is(Kind::Name) || n->role == Role::Callee || originalNameCount[n->text] != 1) return;
        for (auto& [g, newName] : helperNames)
          if (functionName(g) == n->text && !isLocallyBound(n)) fp.renamedNames[n] = newName;
      });
    }
    for (std::size_t f = 0; f < converted_.size(); ++f) {
      Converted& c = converted_[f];
      FunctionPlan& fp = c.result.plan;
      if (c.context == FunctionContext::Free) fp.parameters = signatures_[static_cast<int>(f)];
      if (c.isHelper) {
        if (dropped.count(static_cast<int>(f))) {
          plan_.skipped.push_back({c.state->unit, c.function, c.function->text,
                                   "uses no quantized operation: left as written, calls unchanged"});
          continue;
        }
        fp.emittedName = helperNames[static_cast<int>(f)];
        plan_.helpers.push_back(std::move(fp));
      } else {
        fp.emittedName = c.function->text;
        plan_.classes[static_cast<std::size_t>(c.classIndex)].methods.push_back(std::move(fp));
      }
      ++plan_.summary.functionsConverted;
    }
    // Class names, with aliases when two emitted classes share a name (§5.5).
    auto renameClassReferences = [&](ClassPlan& cp) {
      // `MyMod.helper(x)` inside MyMod's methods calls the generated class's copy (§3.5).
      for (FunctionPlan& m : cp.methods)
        walkPreOrder(const_cast<Node*>(m.function->child(Role::Body)), [&](Node* n) {
          if (!n->is(Kind::Call)) return;
          const Node* root = n->child(Role::Callee);
          while (root->is(Kind::Attribute)) root = root->child(Role::Receiver);
          if (root != n->child(Role::Callee) && root->is(Kind::Name) && root->text == cp.cls->name &&
              !m.rewrites.count(n))
            m.renamedNames[root] = cp.emittedName;
        });
    };
    std::map<std::string, int> nameCount;
    for (const ClassPlan& cp : plan_.classes) ++nameCount[cp.cls->name];
    std::map<std::string, int> nextIndex;
    std::set<std::string> classNames;
    for (ClassPlan& cp : plan_.classes) {
      if (nameCount[cp.cls->name] > 1) {
        int i = nextIndex[cp.cls->name]++;
        cp.baseName = "__ffaq_base_" + cp.cls->name + "_" + std::to_string(i);
        cp.emittedName = "Quantized" + cp.cls->name + "_" + std::to_string(i);
      } else {
        cp.emittedName = "Quantized" + cp.cls->name;
      }
      std::string unique = cp.emittedName;
      for (int k = 1; classNames.count(unique); ++k) unique = cp.emittedName + "_" + std::to_string(k);
      cp.emittedName = unique;
      classNames.insert(unique);
      renameClassReferences(cp);
    }
    // Methods of converted classes that forward does not reach stay as they were (§6.1).
    for (std::size_t k = 0; k < plan_.classes.size(); ++k) {
      const ClassPlan& cp = plan_.classes[k];
      std::set<const Node*> done;
      for (const FunctionPlan& m : cp.methods) done.insert(m.function);
      for (const Node* m : cp.cls->methods) {
        if (done.count(m) || m->text == "__init__" || m->text == cp.cls->name || m->text.rfind("~", 0) == 0) continue;
        plan_.skipped.push_back({classStates_[k]->unit, m, cp.cls->name + "." + m->text,
                                 "not called from forward"});
      }
    }
    plan_.summary.functionsSkipped = static_cast<int>(plan_.skipped.size());
    plan_.summary.classesConverted = static_cast<int>(plan_.classes.size());
    plan_.summary.quantizers = static_cast<int>(plan_.quantizers.size());
  }

  const optable::OperatorTable& table_;
  AutoquantOptions options_;
  DiagnosticSink& diagnostics_;
  std::vector<std::unique_ptr<UnitState>> states_;
  Plan plan_;
  std::vector<UnitState*> classStates_;
  /// Qualified class name -> its unit and facts; the first definition of a name wins.
  mutable std::unordered_map<std::string, std::pair<UnitState*, const ClassInfo*>> classIndex_;
  std::deque<Converted> converted_;
  std::deque<int> queue_;
  std::map<const Node*, std::vector<Entry>> args_;
  std::map<int, std::vector<int>> signatures_;
  std::map<int, std::vector<int>> callSiteQuantizers_;
  std::map<const Node*, std::vector<int>> threadedParams_;
};

} // namespace

Plan autoquantize(const std::vector<const SourceUnit*>& units, const optable::OperatorTable& table,
                  const AutoquantOptions& options, DiagnosticSink& diagnostics) {
  return Driver(units, table, options, diagnostics).run();
}

} // namespace ffquant::analysis

// mpath: a query language over the module tree (spec §4). `search("**/[qtag:parameter/weight]",
// model)` finds every weight quantizer; `encoder/*/output_quantizer` the output quantizers of
// encoder's direct children. See docs/queries.md for the grammar and examples.
#pragma once

#include <torch/torch.h>

#include <cstddef>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace fastforward::mpath {

/// A query that does not parse. `position()` is the offset of the offending character in the
/// query; what() shows the query with a caret under that character.
class MPathParseError : public std::runtime_error {
 public:
  MPathParseError(const std::string& message, std::string query, std::size_t position);
  const std::string& query() const { return query_; }
  std::size_t position() const { return position_; }
  /// The message without the query and caret lines.
  const std::string& reason() const { return reason_; }

 private:
  std::string reason_;
  std::string query_;
  std::size_t position_;
};

/// A query that parses but cannot be built: negating a `{...}` or a multi-fragment alias,
/// joining multi-fragment selectors.
class MPathQueryError : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

/// Matches one element of a module path: the attribute name of a child and the child itself.
class Fragment {
 public:
  virtual ~Fragment() = default;
  virtual bool match(const std::string& name, const torch::nn::Module& module) const = 0;
  /// The fragment as query text; equal texts mean equal fragments (used for de-duplication).
  virtual std::string str() const = 0;
};

/// One step of a selector: a fragment (one path element), `**` (zero or more elements), or a
/// union of selectors (`{a/b, c}`), each member of which may span several elements.
class Selector;
struct Step {
  enum class Kind { Fragment, AnyDepth, Union };
  Kind kind = Kind::Fragment;
  std::shared_ptr<const Fragment> fragment;  // Kind::Fragment
  std::vector<Selector> members;             // Kind::Union
};

/// A parsed query: a sequence of steps. Build one with query(), or compose with `/`, `|`, `&`
/// and `~` as in FastForward.
class Selector {
 public:
  Selector() = default;
  explicit Selector(std::vector<Step> steps);
  static Selector from_fragment(std::shared_ptr<const Fragment> fragment);

  const std::vector<Step>& steps() const { return steps_; }
  bool empty() const { return steps_.empty(); }
  /// A selector of exactly one fragment step (what `~` and `&` accept).
  bool is_single_fragment() const;
  std::string str() const;

  friend Selector operator/(const Selector& head, const Selector& tail);
  friend Selector operator/(const Selector& head, const std::string& tail_query);
  /// Union: a module matched by either.
  friend Selector operator|(const Selector& a, const Selector& b);
  /// Joint fragment: both must match the same element (single fragments only).
  friend Selector operator&(const Selector& a, const Selector& b);
  /// Negation: any element the fragment does not match (single fragment only).
  friend Selector operator~(const Selector& selector);

 private:
  std::vector<Step> steps_;
};

/// Named selectors usable as `&name` in queries. Ordered: a definition may use earlier ones.
class Aliases {
 public:
  Aliases() = default;
  /// Parses the definitions in order: `Aliases({{"enc", "encoder"}, {"w", "&enc/*/weight_quantizer"}})`.
  Aliases(std::initializer_list<std::pair<std::string, std::string>> definitions);
  Aliases& add(const std::string& name, const std::string& query_text);
  Aliases& add(const std::string& name, Selector selector);
  const Selector* find(const std::string& name) const;

 private:
  std::vector<std::pair<std::string, Selector>> entries_;
};

/// A root module may carry default aliases (FastForward's `aliases` attribute): derive from this
/// and searches without explicit aliases use them.
class AliasSource {
 public:
  virtual ~AliasSource() = default;
  virtual const Aliases& mpath_aliases() const = 0;
};

/// Parses a query. Errors (MPathParseError) point at the offending character.
Selector query(const std::string& text, const Aliases* aliases = nullptr);

// ----- extensions: the `[tag:raw]` fragments ---------------------------------------------------

/// Builds the fragment of `[tag:raw]` from its raw text; throw std::exception to reject it (the
/// search reports an MPathParseError at the raw text).
using ExtensionFactory = std::function<std::shared_ptr<const Fragment>(const std::string& raw)>;
/// Registers an extension tag. Built in: cls/class, re/regex, quantizer/qtag. Registering a tag
/// that exists needs `override_existing`, otherwise std::invalid_argument.
void register_extension(const std::string& tag, ExtensionFactory factory,
                        bool override_existing = false);

/// `[cls:Name]` looks Name up here first; a registered predicate normally uses dynamic_cast so
/// subclasses match. Built in: the standard torch::nn modules under their Python names
/// (`torch.nn.Linear`, `Linear`) and C++ names (`torch::nn::Linear`, `torch::nn::LinearImpl`),
/// and fastforward's quantized modules and quantizers. An unregistered Name matches a module
/// whose type name (Module::name()) is Name, Name with `.` read as `::`, or Name + "Impl",
/// possibly namespace-qualified: `[cls:QuantizedNet]` finds generated classes with no setup.
using ClassPredicate = std::function<bool(const torch::nn::Module&)>;
void register_class(const std::string& name, ClassPredicate predicate);
template <class ModuleType>
void register_class(const std::string& name) {
  register_class(name, [](const torch::nn::Module& module) {
    return dynamic_cast<const ModuleType*>(&module) != nullptr;
  });
}

// ----- search results --------------------------------------------------------------------------

/// One module found by a search: its dotted path from the root, the module, and where it hangs.
struct FilterResult {
  std::string full_name;
  std::shared_ptr<torch::nn::Module> module;
  /// The module holding it (the root for a top-level child). Non-owning: the search's root
  /// outlives its results.
  torch::nn::Module* parent = nullptr;
  std::string parent_attribute;

  /// Puts `replacement` at this location and returns the updated result. A quantizer in a
  /// QuantizedModule goes through the owner's slot, so forward() uses it and it inherits the
  /// location's tags. With `safe`, fails (std::invalid_argument) when the location no longer
  /// holds this result's module.
  FilterResult update_module(std::shared_ptr<torch::nn::Module> replacement, bool safe = true) const;

  /// Equality ignores how the fragments matched (as FastForward's does).
  bool operator==(const FilterResult& other) const {
    return full_name == other.full_name && module == other.module && parent == other.parent;
  }
  bool operator!=(const FilterResult& other) const { return !(*this == other); }
};

/// The results of a search over one root, in search order.
class MPathCollection {
 public:
  explicit MPathCollection(torch::nn::Module& root, std::vector<FilterResult> results = {});
  virtual ~MPathCollection() = default;

  torch::nn::Module& root() const { return *root_; }
  std::size_t size() const { return results_.size(); }
  bool empty() const { return results_.empty(); }
  const FilterResult& operator[](std::size_t index) const { return results_.at(index); }
  std::vector<FilterResult>::const_iterator begin() const { return results_.begin(); }
  std::vector<FilterResult>::const_iterator end() const { return results_.end(); }
  const std::vector<FilterResult>& results() const { return results_; }

  virtual void append(FilterResult result);
  void erase(std::size_t index);

  std::vector<std::pair<std::string, std::shared_ptr<torch::nn::Module>>> named_modules() const;
  std::vector<std::shared_ptr<torch::nn::Module>> modules() const;
  std::vector<torch::nn::Module*> parents() const;
  std::vector<std::string> names() const;

  template <class Function>
  auto map(Function&& function) const {
    std::vector<decltype(function(std::string(), std::shared_ptr<torch::nn::Module>()))> out;
    for (const auto& result : results_) out.push_back(function(result.full_name, result.module));
    return out;
  }
  /// Replaces each module by `function(name, module)` when that returns non-null.
  void apply(const std::function<std::shared_ptr<torch::nn::Module>(
                 const std::string&, const std::shared_ptr<torch::nn::Module>&)>& function,
             bool safe = true, bool update = true);

  /// Set operations between collections over the same root (std::invalid_argument otherwise).
  /// Results keep the order of the left operand, then the right one's new entries.
  MPathCollection operator|(const MPathCollection& other) const;
  MPathCollection operator&(const MPathCollection& other) const;
  MPathCollection operator-(const MPathCollection& other) const;
  MPathCollection operator^(const MPathCollection& other) const;
  bool operator==(const MPathCollection& other) const {
    return root_ == other.root_ && results_ == other.results_;
  }

 protected:
  std::vector<FilterResult>& mutable_results() { return results_; }

 private:
  void check_same_root(const MPathCollection& other) const;
  torch::nn::Module* root_;
  std::vector<FilterResult> results_;
};

/// Every descendant of `root` matching the query (the root itself never is), each module once.
/// Aliases: `aliases` when given, else the root's own when it is an AliasSource.
MPathCollection search(const std::string& query_text, torch::nn::Module& root,
                       const Aliases* aliases = nullptr);
MPathCollection search(const Selector& selector, torch::nn::Module& root);

template <class ModuleType>
MPathCollection search(const std::string& query_text,
                       const torch::nn::ModuleHolder<ModuleType>& root,
                       const Aliases* aliases = nullptr) {
  return search(query_text, *root.ptr(), aliases);
}

}  // namespace fastforward::mpath

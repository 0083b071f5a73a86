// The operator table: which calls, Tensor methods and operators are quantizable ops (spec §8).
#pragma once

#include "ffquant/optable/Schema.h"
#include "ffquant/support/Diagnostic.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace ffquant::optable {

/// One validated table entry. Immutable once added to a table.
struct OperatorEntry {
  Schema schema;
  /// The Python callable being replaced, fully qualified (`torch.nn.functional.relu`).
  std::string fallback;
  /// Other Python spellings of the same callable (`torch.relu`).
  std::vector<std::string> pythonAliases;
  /// C++ callables (`torch::nn::functional::relu`, `torch::relu`, `at::relu`), no leading `::`.
  std::vector<std::string> cppNames;
  /// Out-of-place Tensor method names (`relu` for `x.relu()`); the receiver binds the first
  /// parameter. In-place methods (trailing `_`) are never listed.
  std::vector<std::string> methods;
  /// Binary operator symbols (`+`); in C++ also `operator+` and `+=`.
  std::vector<std::string> binaryOperators;
  /// Unary operator symbols (`-`, `+`, `~`).
  std::vector<std::string> unaryOperators;
  /// Dispatch targets; defaulted from the schema name when the entry names none.
  std::string pythonDispatch;
  std::string cppDispatch;
  bool castOutput = false;
  /// Where the entry was defined (for diagnostics and `optable show`).
  SourceLocation location;

  const std::string& name() const { return schema.name; }
  /// Every Python name that resolves to this entry (fallback first).
  std::vector<std::string> pythonNames() const;
};

using EntryList = std::vector<const OperatorEntry*>;

/// Operator entries indexed by every name they are called by. Overloads (entries sharing a
/// fallback) are returned most recently added first, the order in which they are tried (§8.3).
class OperatorTable {
public:
  OperatorTable() = default;
  OperatorTable(const OperatorTable&) = delete;
  OperatorTable& operator=(const OperatorTable&) = delete;
  OperatorTable(OperatorTable&&) = default;
  OperatorTable& operator=(OperatorTable&&) = default;

  /// Adds an entry. A name already claimed by an entry with a different fallback is an error
  /// (reported, entry not added); the same fallback makes an overload tried before older ones.
  bool add(OperatorEntry entry, DiagnosticSink& diagnostics);

  EntryList lookupPython(const std::string& qualifiedName) const;
  /// Accepts `torch::relu` and `::torch::relu`.
  EntryList lookupCpp(const std::string& qualifiedName) const;
  EntryList lookupMethod(const std::string& methodName) const;
  EntryList lookupBinaryOperator(const std::string& symbol) const;
  EntryList lookupUnaryOperator(const std::string& symbol) const;
  /// By schema name (`relu`), as `ffquant optable show` does.
  EntryList lookupByName(const std::string& name) const;

  /// All entries in insertion order.
  const std::vector<std::unique_ptr<OperatorEntry>>& entries() const { return entries_; }

private:
  using Index = std::map<std::string, EntryList>;
  bool claim(Index& index, const std::string& kind, const std::string& key,
             const OperatorEntry& entry, DiagnosticSink& diagnostics) const;
  static EntryList find(const Index& index, const std::string& key);

  std::vector<std::unique_ptr<OperatorEntry>> entries_;
  Index python_, cpp_, methods_, binary_, unary_, names_;
};

/// True for `a.b.c` (Python identifiers joined by dots).
bool isDottedName(const std::string& text);
/// True for `a::b::c` (C++ identifiers joined by `::`, optional leading `::`).
bool isCppQualifiedName(const std::string& text);

} // namespace ffquant::optable

// Operator table indexing and lookup by every kind of name (spec §8.3).
#include "ffquant/optable/OperatorTable.h"

#include <cctype>

namespace ffquant::optable {

std::vector<std::string> OperatorEntry::pythonNames() const {
  std::vector<std::string> names{fallback};
  for (const std::string& alias : pythonAliases)
    if (alias != fallback) names.push_back(alias);
  return names;
}

static std::string stripGlobalQualifier(const std::string& name) {
  return name.rfind("::", 0) == 0 ? name.substr(2) : name;
}

EntryList OperatorTable::find(const Index& index, const std::string& key) {
  auto it = index.find(key);
  if (it == index.end()) return {};
  return EntryList(it->second.rbegin(), it->second.rend()); // most recent overload first
}

bool OperatorTable::claim(Index& index, const std::string& kind, const std::string& key,
                          const OperatorEntry& entry, DiagnosticSink& diagnostics) const {
  auto it = index.find(key);
  if (it == index.end()) return true;
  for (const OperatorEntry* other : it->second) {
    if (other->fallback == entry.fallback) continue; // an overload of the same operator
    Diagnostic d = Diagnostic::error(entry.location,
                                     kind + " '" + key + "' of operator '" + entry.name() +
                                         "' is already claimed by operator '" + other->name() + "'",
                                     "optable-duplicate-name");
    d.notes.push_back(Diagnostic::note(other->location, "'" + key + "' claimed here"));
    diagnostics.report(std::move(d));
    return false;
  }
  return true;
}

bool OperatorTable::add(OperatorEntry entry, DiagnosticSink& diagnostics) {
  for (std::string& name : entry.cppNames) name = stripGlobalQualifier(name);
  if (entry.pythonDispatch.empty()) entry.pythonDispatch = "fastforward.nn.functional." + entry.name();
  if (entry.cppDispatch.empty()) entry.cppDispatch = "fastforward::nn::functional::" + entry.name();

  bool ok = true;
  for (const std::string& n : entry.pythonNames())
    ok &= claim(python_, "Python name", n, entry, diagnostics);
  for (const std::string& n : entry.cppNames) ok &= claim(cpp_, "C++ name", n, entry, diagnostics);
  for (const std::string& n : entry.methods) ok &= claim(methods_, "Tensor method", n, entry, diagnostics);
  for (const std::string& n : entry.binaryOperators)
    ok &= claim(binary_, "binary operator", n, entry, diagnostics);
  for (const std::string& n : entry.unaryOperators)
    ok &= claim(unary_, "unary operator", n, entry, diagnostics);
  if (!ok) return false;

  entries_.push_back(std::make_unique<OperatorEntry>(std::move(entry)));
  const OperatorEntry* e = entries_.back().get();
  for (const std::string& n : e->pythonNames()) python_[n].push_back(e);
  for (const std::string& n : e->cppNames) cpp_[n].push_back(e);
  for (const std::string& n : e->methods) methods_[n].push_back(e);
  for (const std::string& n : e->binaryOperators) binary_[n].push_back(e);
  for (const std::string& n : e->unaryOperators) unary_[n].push_back(e);
  names_[e->name()].push_back(e);
  return true;
}

EntryList OperatorTable::lookupPython(const std::string& name) const { return find(python_, name); }
EntryList OperatorTable::lookupCpp(const std::string& name) const {
  return find(cpp_, stripGlobalQualifier(name));
}
EntryList OperatorTable::lookupMethod(const std::string& name) const { return find(methods_, name); }
EntryList OperatorTable::lookupBinaryOperator(const std::string& symbol) const {
  return find(binary_, symbol);
}
EntryList OperatorTable::lookupUnaryOperator(const std::string& symbol) const {
  return find(unary_, symbol);
}
EntryList OperatorTable::lookupByName(const std::string& name) const { return find(names_, name); }

static bool isIdentifier(const std::string& text, std::size_t begin, std::size_t end) {
  if (begin >= end) return false;
  if (!(std::isalpha(static_cast<unsigned char>(text[begin])) || text[begin] == '_')) return false;
  for (std::size_t i = begin + 1; i < end; ++i)
    if (!(std::isalnum(static_cast<unsigned char>(text[i])) || text[i] == '_')) return false;
  return true;
}

static bool isSeparatedIdentifiers(const std::string& text, const std::string& separator) {
  std::size_t begin = 0;
  while (true) {
    std::size_t next = text.find(separator, begin);
    std::size_t end = next == std::string::npos ? text.size() : next;
    if (!isIdentifier(text, begin, end)) return false;
    if (next == std::string::npos) return true;
    begin = next + separator.size();
  }
}

bool isDottedName(const std::string& text) {
  if (!isSeparatedIdentifiers(text, ".")) return false;
  // A Python keyword cannot name a module or attribute (`ops.class`, `None`).
  static const char* keywords[] = {"False", "None", "True", "and", "as", "assert", "async", "await",
                                   "break", "class", "continue", "def", "del", "elif", "else", "except",
                                   "finally", "for", "from", "global", "if", "import", "in", "is",
                                   "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try",
                                   "while", "with", "yield"};
  std::size_t begin = 0;
  while (begin <= text.size()) {
    std::size_t dot = text.find('.', begin);
    std::string part = text.substr(begin, dot == std::string::npos ? std::string::npos : dot - begin);
    for (const char* k : keywords)
      if (part == k) return false;
    if (dot == std::string::npos) break;
    begin = dot + 1;
  }
  return true;
}

bool isCppQualifiedName(const std::string& text) {
  return isSeparatedIdentifiers(stripGlobalQualifier(text), "::");
}

} // namespace ffquant::optable

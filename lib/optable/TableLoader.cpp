// YAML operator tables: step 1 reads raw entries (rejecting unknown keys and wrong shapes), step 2
// validates them into immutable schemas. Every problem is reported, each with file:line:col.
#include "ffquant/optable/TableLoader.h"

#include "ffquant/support/SourceFile.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <set>
#include <tuple>

namespace ffquant::optable {

namespace {

/// A scalar as written in the file, with where it was written.
struct RawScalar {
  std::string value;
  SourceLocation location;
  /// Offset of the first character of the value inside the line (skips an opening quote).
  unsigned valueColumn = 0;
};

struct RawEntry {
  SourceLocation location;
  std::optional<RawScalar> op, fallback, pythonDispatch, cppDispatch;
  std::vector<RawScalar> aliases, cpp, methods, operators, unaryOperators;
  bool castOutput = false;
  /// Step 1 found a problem in this entry: it is not validated into the table.
  bool malformed = false;
};

const std::set<std::string> kBinaryOperators = {"+", "-",  "*",  "/", "//", "%", "**",
                                                "@", "<<", ">>", "&", "|",  "^"};
const std::set<std::string> kUnaryOperators = {"-", "+", "~"};

class RawReader {
public:
  RawReader(const std::string& path, const std::string& text, DiagnosticSink& diagnostics)
      : path_(path), lines_(path, text), diagnostics_(diagnostics) {}

  std::vector<RawEntry> read(const YAML::Node& root) {
    std::vector<RawEntry> entries;
    if (root.IsNull()) return entries; // an empty file is an empty table
    if (!root.IsSequence()) {
      error(root, "an operator table is a list of entries");
      return entries;
    }
    for (const YAML::Node& item : root) {
      if (!item.IsMap()) {
        error(item, "a table entry is a mapping with an 'op' key");
        continue;
      }
      RawEntry entry;
      entry.location = locationOf(item);
      std::size_t errorsBefore = diagnostics_.errorCount();
      for (const auto& kv : item) {
        std::string key = kv.first.Scalar();
        const YAML::Node& value = kv.second;
        if (key == "op") entry.op = scalar(value, key);
        else if (key == "fallback") entry.fallback = scalar(value, key);
        else if (key == "aliases") entry.aliases = scalarList(value, key);
        else if (key == "cpp") entry.cpp = scalarList(value, key);
        else if (key == "methods") entry.methods = scalarList(value, key);
        else if (key == "operators") entry.operators = scalarList(value, key);
        else if (key == "unary_operators") entry.unaryOperators = scalarList(value, key);
        else if (key == "cast_output") entry.castOutput = boolean(value, key);
        else if (key == "dispatch") readDispatch(value, entry);
        else
          error(kv.first, "unknown key '" + key +
                              "' (expected op, fallback, aliases, cpp, methods, operators, "
                              "unary_operators, dispatch, cast_output)");
      }
      if (!entry.op) error(item, "entry has no 'op' schema");
      if (!entry.fallback) error(item, "entry has no 'fallback' Python callable");
      entry.malformed = diagnostics_.errorCount() != errorsBefore;
      entries.push_back(std::move(entry));
    }
    return entries;
  }

  SourceLocation locationOf(const YAML::Node& node) const {
    YAML::Mark mark = node.Mark();
    if (mark.line < 0) return {path_, 0, 0};
    return {path_, static_cast<unsigned>(mark.line + 1), static_cast<unsigned>(mark.column + 1)};
  }

  void error(const YAML::Node& node, std::string message) {
    diagnostics_.report(Diagnostic::error(locationOf(node), std::move(message), "optable-format"));
  }

private:
  std::optional<RawScalar> scalar(const YAML::Node& node, const std::string& key) {
    if (!node.IsScalar()) {
      error(node, "'" + key + "' must be a string");
      return std::nullopt;
    }
    RawScalar s{node.Scalar(), locationOf(node), 0};
    s.valueColumn = s.location.column;
    // Quoted scalars start one column after their mark.
    YAML::Mark mark = node.Mark();
    if (mark.line >= 0) {
      std::size_t offset = lines_.lineStart(static_cast<std::size_t>(mark.line)) +
                           static_cast<std::size_t>(mark.column);
      if (offset < lines_.text().size() && (lines_.text()[offset] == '"' || lines_.text()[offset] == '\''))
        ++s.valueColumn;
    }
    return s;
  }

  std::vector<RawScalar> scalarList(const YAML::Node& node, const std::string& key) {
    std::vector<RawScalar> out;
    if (node.IsScalar()) { // a single name may be written without brackets
      if (auto s = scalar(node, key)) out.push_back(*s);
      return out;
    }
    if (!node.IsSequence()) {
      error(node, "'" + key + "' must be a list of strings");
      return out;
    }
    for (const YAML::Node& item : node)
      if (auto s = scalar(item, key)) out.push_back(*s);
    return out;
  }

  bool boolean(const YAML::Node& node, const std::string& key) {
    bool value = false;
    if (!node.IsScalar() || !YAML::convert<bool>::decode(node, value))
      error(node, "'" + key + "' must be true or false");
    return value;
  }

  void readDispatch(const YAML::Node& node, RawEntry& entry) {
    if (!node.IsMap()) {
      error(node, "'dispatch' must be a mapping with 'python' and/or 'cpp'");
      return;
    }
    for (const auto& kv : node) {
      std::string key = kv.first.Scalar();
      if (key == "python") entry.pythonDispatch = scalar(kv.second, "dispatch.python");
      else if (key == "cpp") entry.cppDispatch = scalar(kv.second, "dispatch.cpp");
      else error(kv.first, "unknown key 'dispatch." + key + "' (expected python, cpp)");
    }
  }

  std::string path_;
  SourceFile lines_;
  DiagnosticSink& diagnostics_;
};

class EntryValidator {
public:
  explicit EntryValidator(DiagnosticSink& diagnostics) : diagnostics_(diagnostics) {}

  std::optional<OperatorEntry> validate(const RawEntry& raw) {
    std::size_t errorsBefore = diagnostics_.errorCount();
    OperatorEntry entry;
    entry.location = raw.location;
    entry.castOutput = raw.castOutput;
    if (raw.op) {
      SchemaParseResult parsed = parseSchema(raw.op->value);
      for (const SchemaError& e : parsed.errors)
        report(*raw.op, e, Severity::Error);
      for (const SchemaError& w : parsed.warnings)
        report(*raw.op, w, Severity::Warning);
      if (parsed.schema) entry.schema = std::move(*parsed.schema);
    }
    if (raw.fallback) {
      requireName(*raw.fallback, isDottedName, "Python callable");
      entry.fallback = raw.fallback->value;
    }
    for (const RawScalar& alias : raw.aliases)
      if (requireName(alias, isDottedName, "Python callable")) entry.pythonAliases.push_back(alias.value);
    for (const RawScalar& name : raw.cpp)
      if (requireName(name, isCppQualifiedName, "C++ callable")) entry.cppNames.push_back(name.value);
    for (const RawScalar& method : raw.methods) {
      if (!requireName(method, isDottedName, "Tensor method") ) continue;
      if (method.value.find('.') != std::string::npos || method.value.back() == '_') {
        errorAt(method, "'" + method.value +
                            "' is not an out-of-place Tensor method name (in-place methods ending "
                            "in '_' are never rewritten)");
        continue;
      }
      entry.methods.push_back(method.value);
    }
    for (const RawScalar& symbol : raw.operators) {
      if (!kBinaryOperators.count(symbol.value)) errorAt(symbol, "unknown binary operator '" + symbol.value + "'");
      else entry.binaryOperators.push_back(symbol.value);
    }
    for (const RawScalar& symbol : raw.unaryOperators) {
      if (!kUnaryOperators.count(symbol.value)) errorAt(symbol, "unknown unary operator '" + symbol.value + "'");
      else entry.unaryOperators.push_back(symbol.value);
    }
    if (raw.pythonDispatch && requireName(*raw.pythonDispatch, isDottedName, "Python dispatch target"))
      entry.pythonDispatch = raw.pythonDispatch->value;
    if (raw.cppDispatch && requireName(*raw.cppDispatch, isCppQualifiedName, "C++ dispatch target"))
      entry.cppDispatch = raw.cppDispatch->value;

    std::size_t arity = entry.schema.parameters.size();
    if (raw.op && !entry.schema.name.empty()) {
      if (!entry.binaryOperators.empty() && arity < 2)
        errorAt(*raw.op, "a binary operator's schema needs at least two parameters");
      if ((!entry.unaryOperators.empty() || !entry.methods.empty()) && arity < 1)
        errorAt(*raw.op, "a unary operator's or method's schema needs at least one parameter");
    }
    if (diagnostics_.errorCount() != errorsBefore || raw.malformed) return std::nullopt;
    return entry;
  }

private:
  void report(const RawScalar& scalar, const SchemaError& e, Severity severity) {
    SourceLocation loc = scalar.location;
    loc.column = scalar.valueColumn + static_cast<unsigned>(e.offset);
    std::string message = (severity == Severity::Error ? "invalid schema: " : "schema: ") + e.message;
    diagnostics_.report(severity == Severity::Error
                            ? Diagnostic::error(loc, message, "optable-schema")
                            : Diagnostic::warning(loc, message, "optable-schema"));
  }

  void errorAt(const RawScalar& scalar, std::string message) {
    diagnostics_.report(Diagnostic::error(scalar.location, std::move(message), "optable-format"));
  }

  bool requireName(const RawScalar& scalar, bool (*valid)(const std::string&), const char* what) {
    if (valid(scalar.value)) return true;
    errorAt(scalar, "'" + scalar.value + "' is not a valid " + std::string(what) + " name");
    return false;
  }

  DiagnosticSink& diagnostics_;
};

} // namespace

static bool loadInto(const std::string& yamlText, const std::string& path, OperatorTable& table,
                     DiagnosticSink& diagnostics) {
  std::size_t errorsBefore = diagnostics.errorCount();
  YAML::Node root;
  try {
    root = YAML::Load(yamlText);
  } catch (const YAML::Exception& e) {
    SourceLocation loc{path, 0, 0};
    if (e.mark.line >= 0)
      loc = {path, static_cast<unsigned>(e.mark.line + 1), static_cast<unsigned>(e.mark.column + 1)};
    diagnostics.report(Diagnostic::error(loc, "YAML syntax error: " + e.msg, "optable-yaml"));
    return false;
  }
  RawReader reader(path, yamlText, diagnostics);
  std::vector<RawEntry> rawEntries = reader.read(root);
  EntryValidator validator(diagnostics);
  for (const RawEntry& raw : rawEntries)
    if (std::optional<OperatorEntry> entry = validator.validate(raw))
      table.add(std::move(*entry), diagnostics);
  return diagnostics.errorCount() == errorsBefore;
}

bool loadTableFromString(const std::string& yamlText, const std::string& path, OperatorTable& table,
                         DiagnosticSink& diagnostics) {
  // Both steps report into a local sink so that the file's problems come out in source order.
  DiagnosticSink local;
  bool ok = loadInto(yamlText, path, table, local);
  std::vector<Diagnostic> found = local.diagnostics();
  std::stable_sort(found.begin(), found.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return std::tie(a.location.line, a.location.column) < std::tie(b.location.line, b.location.column);
  });
  for (Diagnostic& d : found) diagnostics.report(std::move(d));
  return ok;
}

bool loadTableFromFile(const std::string& path, OperatorTable& table, DiagnosticSink& diagnostics) {
  std::optional<SourceFile> file = SourceFile::read(path, diagnostics);
  if (!file) return false;
  return loadTableFromString(file->text(), path, table, diagnostics);
}

bool loadTables(const std::vector<std::string>& userTables, OperatorTable& table,
                DiagnosticSink& diagnostics) {
  bool ok = loadTableFromString(defaultTableText(), kDefaultTablePath, table, diagnostics);
  for (const std::string& path : userTables) ok &= loadTableFromFile(path, table, diagnostics);
  return ok;
}

} // namespace ffquant::optable

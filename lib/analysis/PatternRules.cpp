// Pattern rules: structural matching over the shared syntax tree, bottom-up rewriting with
// restart and a cycle guard (spec §9).
#include "ffquant/analysis/PatternRules.h"

#include "ffquant/support/SourceFile.h"

#include <yaml-cpp/yaml.h>

#include <cctype>
#include <map>
#include <set>

namespace ffquant::analysis {

using namespace ir;

namespace {

const std::string kPlaceholderPrefix = "__ffqp_";
const std::string kPlaceholderSuffix = "__";

bool isIdentifier(const std::string& s) {
  if (s.empty() || !(std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_')) return false;
  for (char c : s)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_')) return false;
  return true;
}

/// `{name}` -> `__ffqp_name__`. Reports the first problem as (offset, message).
bool encodePlaceholders(const std::string& text, std::string& encoded, std::vector<std::string>& names,
                        std::size_t& errorOffset, std::string& error) {
  if (text.find('\n') != std::string::npos) {
    errorOffset = text.find('\n');
    error = "Pattern must be a single statement or expression";
    return false;
  }
  encoded.clear();
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '}') {
      errorOffset = i;
      error = "Pattern must be a single statement or expression (unbalanced '}')";
      return false;
    }
    if (c != '{') {
      encoded += c;
      continue;
    }
    std::size_t close = text.find('}', i);
    std::size_t nextOpen = text.find('{', i + 1);
    if (close == std::string::npos || (nextOpen != std::string::npos && nextOpen < close)) {
      errorOffset = i;
      error = "Pattern must be a single statement or expression (unbalanced '{')";
      return false;
    }
    std::string name = text.substr(i + 1, close - i - 1);
    if (!isIdentifier(name)) {
      errorOffset = i;
      error = "'{" + name + "}' is not a valid identifier";
      return false;
    }
    names.push_back(name);
    encoded += kPlaceholderPrefix + name + kPlaceholderSuffix;
    i = close;
  }
  return true;
}

std::string placeholderName(const std::string& identifier) {
  if (identifier.size() <= kPlaceholderPrefix.size() + kPlaceholderSuffix.size()) return {};
  if (identifier.rfind(kPlaceholderPrefix, 0) != 0) return {};
  if (identifier.compare(identifier.size() - kPlaceholderSuffix.size(), kPlaceholderSuffix.size(), kPlaceholderSuffix) != 0)
    return {};
  return identifier.substr(kPlaceholderPrefix.size(),
                           identifier.size() - kPlaceholderPrefix.size() - kPlaceholderSuffix.size());
}

/// The single statement of a fragment, reduced to its expression when it is one.
const Node* reduce(const SourceUnit& unit, bool& isStatement) {
  const Node* body = unit.tree.root()->child(Role::Body);
  if (body->children.size() != 1) return nullptr;
  const Node* stmt = body->children[0];
  isStatement = !stmt->is(Kind::ExprStmt);
  return stmt->is(Kind::ExprStmt) ? stmt->child(Role::Value) : stmt;
}

bool isRewritable(const Node* n) {
  if (n->isExpression()) return !n->is(Kind::Annotation) && !n->is(Kind::Argument) && !n->is(Kind::Pair);
  switch (n->kind) {
  case Kind::Assign:
  case Kind::AugAssign:
  case Kind::AnnAssign:
  case Kind::Return:
  case Kind::Raise:
  case Kind::OtherStmt: return true;
  default: return false;
  }
}

} // namespace

struct PatternRewriter::Compiled {
  PatternRule rule;
  std::unique_ptr<SourceUnit> patternUnit;
  const Node* pattern = nullptr;
  bool statement = false;
  std::vector<std::string> onParts;
};

namespace {

std::vector<std::string> splitDots(const std::string& s) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (start <= s.size()) {
    std::size_t dot = s.find('.', start);
    parts.push_back(s.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  return parts;
}

class Matcher {
public:
  Matcher(const SourceUnit& patternUnit, const SourceUnit& targetUnit)
      : p_(patternUnit), t_(targetUnit) {}

  std::map<std::string, std::string> captures;

  bool match(const Node* p, const Node* t) {
    if (p->is(Kind::Name)) {
      std::string name = placeholderName(p->text);
      if (!name.empty()) {
        if (!t->isExpression() || t->is(Kind::Argument)) return false;
        captures[name] = t_.textOf(t);
        return true;
      }
    }
    if (p->kind != t->kind) return false;
    if (p->is(Kind::Name) && p->text.find(kPlaceholderPrefix) != std::string::npos)
      return matchQualifiedName(p->text, t->text);
    if (p->is(Kind::Attribute)) {
      std::string name = placeholderName(p->text);
      if (!name.empty()) captures[name] = t->text;
      else if (p->text != t->text) return false;
    } else if (p->text != t->text) {
      return false;
    }
    if (p->is(Kind::Literal) && p_.textOf(p) != t_.textOf(t)) return false;
    if ((p->flags & ~BlockInline) != (t->flags & ~BlockInline)) return false;
    if (p->children.size() != t->children.size()) return false;
    for (std::size_t i = 0; i < p->children.size(); ++i) {
      if (p->children[i]->role != t->children[i]->role) return false;
      if (!match(p->children[i], t->children[i])) return false;
    }
    return true;
  }

private:
  /// `torch::nn::functional::{func}` against `torch::nn::functional::relu`: a placeholder is
  /// one name component (C++ spells qualified names as one Name).
  bool matchQualifiedName(const std::string& pattern, const std::string& target) {
    auto split = [](const std::string& s) {
      std::vector<std::string> parts;
      std::size_t start = 0;
      while (true) {
        std::size_t sep = s.find("::", start);
        parts.push_back(s.substr(start, sep == std::string::npos ? std::string::npos : sep - start));
        if (sep == std::string::npos) return parts;
        start = sep + 2;
      }
    };
    std::vector<std::string> p = split(pattern), t = split(target);
    if (p.size() != t.size()) return false;
    for (std::size_t i = 0; i < p.size(); ++i) {
      std::string name = placeholderName(p[i]);
      if (!name.empty()) captures[name] = t[i];
      else if (p[i] != t[i]) return false;
    }
    return true;
  }

  const SourceUnit& p_;
  const SourceUnit& t_;
};

std::string substitute(const std::string& replacement, const std::map<std::string, std::string>& captures) {
  std::string out;
  for (std::size_t i = 0; i < replacement.size(); ++i) {
    if (replacement[i] == '{') {
      std::size_t close = replacement.find('}', i);
      auto it = captures.find(replacement.substr(i + 1, close - i - 1));
      if (close != std::string::npos && it != captures.end()) {
        out += it->second;
        i = close;
        continue;
      }
    }
    out += replacement[i];
  }
  return out;
}

} // namespace

PatternRewriter::PatternRewriter(std::vector<PatternRule> rules, FragmentParser parser, DiagnosticSink& diagnostics)
    : parser_(std::move(parser)) {
  for (PatternRule& rule : rules) {
    auto fail = [&](std::size_t offset, const std::string& message) {
      SourceLocation loc = rule.location;
      if (loc.column > 0) loc.column += static_cast<unsigned>(offset);
      diagnostics.report(Diagnostic::error(loc, "invalid pattern rule: " + message, "pattern-invalid"));
    };
    std::string encodedPattern, encodedReplacement, error;
    std::vector<std::string> patternNames, replacementNames;
    std::size_t offset = 0;
    if (!encodePlaceholders(rule.pattern, encodedPattern, patternNames, offset, error)) {
      fail(offset, error);
      continue;
    }
    if (!encodePlaceholders(rule.replacement, encodedReplacement, replacementNames, offset, error)) {
      fail(rule.pattern.size() + 4 + offset, error);
      continue;
    }
    std::set<std::string> unique(patternNames.begin(), patternNames.end());
    if (unique.size() != patternNames.size()) {
      fail(0, "a placeholder may occur only once in a pattern");
      continue;
    }
    bool unknown = false;
    for (const std::string& n : replacementNames)
      if (!unique.count(n)) {
        fail(rule.pattern.size() + 4, "placeholder '{" + n + "}' of the replacement is not in the pattern");
        unknown = true;
        break;
      }
    if (unknown) continue;
    DiagnosticSink scratch;
    auto compiled = std::make_shared<Compiled>();
    compiled->rule = rule;
    compiled->patternUnit = parser_(encodedPattern, scratch);
    std::unique_ptr<SourceUnit> replacementUnit = parser_(encodedReplacement, scratch);
    if (!compiled->patternUnit || !(compiled->pattern = reduce(*compiled->patternUnit, compiled->statement))) {
      fail(0, "Pattern must be a single statement or expression");
      continue;
    }
    if (!replacementUnit) {
      fail(rule.pattern.size() + 4, "the replacement is not valid source");
      continue;
    }
    if (!rule.on.empty()) compiled->onParts = splitDots(rule.on);
    compiled_.push_back(std::move(compiled));
  }
}

namespace {

class Rewriter {
public:
  Rewriter(const std::vector<std::shared_ptr<PatternRewriter::Compiled>>& rules, const FragmentParser& parser,
           const SourceUnit& unit)
      : rules_(rules), parser_(parser), unit_(unit) {}

  std::string run() { return rewrite(unit_.tree.root(), unit_); }

private:
  std::vector<std::string> scopeOf(const Node* n) const {
    std::vector<std::string> parts = splitDots(unit_.moduleName);
    std::vector<std::string> names;
    for (const Node* p = n->parent; p; p = p->parent)
      if (p->is(Kind::Class) || p->is(Kind::Function)) names.insert(names.begin(), p->text);
    parts.insert(parts.end(), names.begin(), names.end());
    return parts;
  }

  static bool applies(const PatternRewriter::Compiled& rule, const std::vector<std::string>& scope) {
    if (rule.onParts.empty()) return true;
    if (rule.onParts.size() > scope.size()) return false;
    for (std::size_t i = 0; i < rule.onParts.size(); ++i)
      if (rule.onParts[i] != scope[i]) return false;
    return true;
  }

  /// Text of `n` with its children rewritten, then rules tried on `n` itself until none applies
  /// or a text repeats.
  std::string rewrite(const Node* n, const SourceUnit& unit) {
    std::string text;
    bool changed = false;
    std::uint32_t pos = n->begin;
    for (const Node* c : n->children) {
      text += unit.text().substr(pos, c->begin - pos);
      std::string child = rewrite(c, unit);
      if (child != unit.textOf(c)) changed = true;
      text += child;
      pos = c->end;
    }
    text += unit.text().substr(pos, n->end - pos);
    if (!isRewritable(n)) return text;

    std::vector<std::string> scope = scopeOf(n);
    std::set<std::string> seen{text};
    const Node* current = n;
    const SourceUnit* currentUnit = &unit;
    std::unique_ptr<SourceUnit> fragment;
    for (int step = 0; step < 1000; ++step) {
      if (changed) { // match against the rewritten text
        DiagnosticSink scratch;
        fragment = parser_(text, scratch);
        if (!fragment) fragment = parser_("(" + text + ")", scratch);
        bool statement = false;
        current = fragment ? reduce(*fragment, statement) : nullptr;
        currentUnit = fragment.get();
        if (!current) return text;
      }
      std::string next;
      for (const auto& rule : rules_) {
        if (rule->statement != !current->isExpression() || !applies(*rule, scope)) continue;
        Matcher matcher(*rule->patternUnit, *currentUnit);
        if (!matcher.match(rule->pattern, current)) continue;
        std::string candidate = substitute(rule->rule.replacement, matcher.captures);
        if (candidate == text) continue;
        next = candidate;
        break;
      }
      if (next.empty() || seen.count(next)) return text; // no rule applies, or a cycle
      seen.insert(next);
      text = next;
      changed = true;
    }
    return text;
  }

  const std::vector<std::shared_ptr<PatternRewriter::Compiled>>& rules_;
  const FragmentParser& parser_;
  const SourceUnit& unit_;
};

} // namespace

std::string PatternRewriter::rewrite(const SourceUnit& unit, DiagnosticSink&) const {
  if (compiled_.empty()) return unit.text();
  return Rewriter(compiled_, parser_, unit).run();
}

bool splitPatternArgument(const std::string& argument, PatternRule& rule, std::string& error) {
  std::size_t arrow = argument.find("=>");
  if (arrow == std::string::npos) {
    error = "expected 'PATTERN => REPLACEMENT'";
    return false;
  }
  auto trim = [](const std::string& s) {
    std::size_t b = s.find_first_not_of(" \t");
    std::size_t e = s.find_last_not_of(" \t");
    return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
  };
  rule.pattern = trim(argument.substr(0, arrow));
  rule.replacement = trim(argument.substr(arrow + 2));
  if (rule.pattern.empty() || rule.replacement.empty()) {
    error = "expected 'PATTERN => REPLACEMENT'";
    return false;
  }
  return true;
}

std::vector<PatternRule> loadPatternFile(const std::string& path, DiagnosticSink& diagnostics) {
  std::vector<PatternRule> rules;
  std::optional<SourceFile> file = SourceFile::read(path, diagnostics);
  if (!file) return rules;
  auto locationOf = [&](const YAML::Node& n) {
    YAML::Mark m = n.Mark();
    return m.line < 0 ? SourceLocation{path, 0, 0}
                      : SourceLocation{path, static_cast<unsigned>(m.line + 1), static_cast<unsigned>(m.column + 1)};
  };
  YAML::Node root;
  try {
    root = YAML::Load(file->text());
  } catch (const YAML::Exception& e) {
    diagnostics.report(Diagnostic::error(
        {path, static_cast<unsigned>(e.mark.line + 1), static_cast<unsigned>(e.mark.column + 1)},
        "YAML syntax error: " + e.msg, "pattern-yaml"));
    return rules;
  }
  if (!root.IsSequence()) {
    diagnostics.report(Diagnostic::error(locationOf(root), "a pattern file is a list of {pattern, replacement, on}"));
    return rules;
  }
  for (const YAML::Node& item : root) {
    if (!item.IsMap()) {
      diagnostics.report(Diagnostic::error(locationOf(item), "a pattern rule is a mapping with 'pattern' and 'replacement'"));
      continue;
    }
    PatternRule rule;
    rule.location = locationOf(item);
    bool ok = true;
    for (const auto& kv : item) {
      std::string key = kv.first.Scalar();
      if (!kv.second.IsScalar()) {
        diagnostics.report(Diagnostic::error(locationOf(kv.second), "'" + key + "' must be a string"));
        ok = false;
        continue;
      }
      if (key == "pattern") {
        rule.pattern = kv.second.Scalar();
        rule.location = locationOf(kv.second);
      } else if (key == "replacement") {
        rule.replacement = kv.second.Scalar();
      } else if (key == "on") {
        rule.on = kv.second.Scalar();
      } else {
        diagnostics.report(Diagnostic::error(locationOf(kv.first),
                                             "unknown key '" + key + "' (expected pattern, replacement, on)"));
        ok = false;
      }
    }
    if (rule.pattern.empty() || rule.replacement.empty()) {
      diagnostics.report(Diagnostic::error(locationOf(item), "a pattern rule needs 'pattern' and 'replacement'"));
      ok = false;
    }
    if (ok) rules.push_back(rule);
  }
  return rules;
}

} // namespace ffquant::analysis

// Pattern rules (spec §9): `PATTERN => REPLACEMENT` rewrites applied to the source before
// anything else. Matching is structural, over the shared syntax tree, so both languages use it;
// a frontend only supplies the parser for fragments of its language.
#pragma once

#include "ffquant/ir/Program.h"
#include "ffquant/support/Diagnostic.h"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace ffquant::analysis {

struct PatternRule {
  std::string pattern;     // with {name} placeholders
  std::string replacement; // may use the pattern's placeholders
  std::string on;          // dotted scope prefix; empty: everywhere
  SourceLocation location; // where the rule was given, for diagnostics
};

/// Parses a fragment of source text into a unit; null (with diagnostics) when it does not parse.
using FragmentParser = std::function<std::unique_ptr<ir::SourceUnit>(const std::string& text, DiagnosticSink&)>;

/// Checks and prepares rules; invalid ones are reported (file:line:col) and dropped.
class PatternRewriter {
public:
  PatternRewriter(std::vector<PatternRule> rules, FragmentParser parser, DiagnosticSink& diagnostics);

  bool empty() const { return compiled_.empty(); }

  /// Rewrites `unit`'s text bottom-up; returns the new text (the same text when nothing matched).
  std::string rewrite(const ir::SourceUnit& unit, DiagnosticSink& diagnostics) const;

  struct Compiled;

private:
  std::vector<std::shared_ptr<Compiled>> compiled_;
  FragmentParser parser_;
};

/// Splits `PATTERN => REPLACEMENT` as given on the command line.
bool splitPatternArgument(const std::string& argument, PatternRule& rule, std::string& error);

/// Reads rules from a YAML file: a list of {pattern, replacement, on}.
std::vector<PatternRule> loadPatternFile(const std::string& path, DiagnosticSink& diagnostics);

} // namespace ffquant::analysis

// What a frontend knows about one source file beyond its syntax: names, imports, module classes
// and what each call refers to. The middle layer reads this; it never re-parses source.
#pragma once

#include "ffquant/ir/Syntax.h"
#include "ffquant/support/SourceFile.h"

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace ffquant::ir {

enum class Language { Python, Cpp };

/// What a call's callee refers to, as far as the frontend could tell without running anything.
struct ResolvedCallee {
  enum class Kind {
    Unresolved,   // a local, an instance attribute or submodule (`self.fc(x)`), a builtin
    Global,       // a module-level callable: `qualifiedName` (`torch.nn.functional.relu`)
    SelfMethod,   // `self.m(...)`: a method `name` defined directly in the enclosing class
    ClassMethod,  // `Cls.m(...)` / `cls.m(...)`: static or class method `name` of the class
    TensorMethod, // `<expr>.m(...)` on a value that may be a tensor: method `name`
  };
  Kind kind = Kind::Unresolved;
  std::string qualifiedName; // Global
  std::string name;          // SelfMethod / ClassMethod / TensorMethod: the method name
  /// The callee as written, dotted (`F.relu`); the string key tried when nothing resolves.
  std::string spelled;
};

/// One name bound at module level by an import statement.
struct ImportBinding {
  std::string localName;     // F
  std::string qualifiedName; // torch.nn.functional
  /// How to re-emit it: `import <module> [as <alias>]` or `from <module> import <name> [as <alias>]`.
  bool isFromImport = false;
  std::string module;
  std::string name;
  std::string alias;
};

/// A class defined in the input.
struct ClassInfo {
  std::string name;
  Node* node = nullptr;
  /// Qualified names of the bases (`torch.nn.Module`, `mypkg.model.Block`).
  std::vector<std::string> bases;
  /// Methods defined directly in the class, in source order.
  std::vector<Node*> methods;
  /// Class-level `name = <dotted callable>` aliases (`act = torch.relu`), resolved.
  std::map<std::string, std::string> callableAttributes;
  /// Attribute annotations: class level `a: T` and `self.a: T = ...` in `__init__` (text of T),
  /// and literal assignments `self.a = 1.0` (type of the literal: "float").
  std::map<std::string, std::string> attributeTypes;
  /// Other `self.a = <value>` assignments in `__init__` (first one per attribute): their type is
  /// inferred from the value (`self.heads = heads` with `heads: int`).
  std::map<std::string, const Node*> attributeValues;
  /// Classes instantiated in `__init__` (qualified names, source order, repeats kept).
  std::vector<std::string> instantiated;
  Node* method(const std::string& name) const;
};

/// One parsed input file with its frontend facts.
struct SourceUnit {
  Language language = Language::Python;
  std::unique_ptr<SourceFile> source;
  std::string moduleName; // dotted module the original classes are imported from
  SyntaxTree tree;
  std::string indentUnit = "    ";

  std::vector<ImportBinding> imports;
  /// Module-level names: imports, defs, classes and simple aliases, mapped to qualified names.
  std::map<std::string, std::string> globals;
  std::vector<ClassInfo> classes;
  /// Module-level functions by name (last definition wins, as at run time).
  std::map<std::string, Node*> functions;
  std::unordered_map<const Node*, ResolvedCallee> callees;
  /// Types a frontend knows exactly (C++): 't' tensor, 's' scalar, 'l' list of tensors,
  /// 'o' other. Python leaves this empty and infers.
  std::unordered_map<const Node*, char> staticTypes;
  /// How an expression is spelled for naming when its text differs between languages: the
  /// C++ member `weight` is `self.weight`, as in Python.
  std::unordered_map<const Node*, std::string> canonicalText;

  const std::string& text() const { return source->text(); }
  std::string textOf(const Node* n) const { return text().substr(n->begin, n->end - n->begin); }
  SourceLocation locationOf(const Node* n) const { return source->locationOf(n->begin); }
  const ClassInfo* findClass(const std::string& name) const;
  const ResolvedCallee* calleeOf(const Node* call) const;
};

} // namespace ffquant::ir

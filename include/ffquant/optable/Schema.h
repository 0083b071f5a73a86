// The operator schema mini-language: `name(p: T [= default], ...) [-> R]` (spec §8.2).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace ffquant::optable {

/// The named types of the schema language, after alias folding (`Int` and `int` are one type).
enum class BaseType {
  Quantized,      // Quantized, QuantizedTensor
  MaybeQuantized, // MaybeQuantized (= Tensor | Quantized)
  Tensor,         // Tensor, torch.Tensor
  Int,
  Float,
  Bool,
  Str,
  Number, // int | float
  Size,   // torch.Size | tuple[int, ...]
  Ellipsis,
  DType,
  Device,
  Layout,
  MemoryFormat,
  Quantizer,
  Object,
  None,
};

/// A schema type: a named type, a union (flattened, at least two members) or a generic.
struct Type {
  enum class Kind { Base, Union, Tuple, List, Sequence };
  Kind kind = Kind::Base;
  BaseType base = BaseType::Object;  // Kind::Base
  std::vector<Type> members;         // Union members, or generic arguments
  bool variadicTuple = false;        // tuple[T, ...]

  static Type named(BaseType base);
  /// Builds a flattened union; a single distinct member collapses to that member.
  static Type unionOf(std::vector<Type> members);

  /// True for Quantized, MaybeQuantized, and unions with such a member; false for generics.
  bool containsQuantized() const;
  /// Canonical spelling, e.g. `Optional[MaybeQuantized]` is printed `MaybeQuantized | None`.
  std::string str() const;
  bool operator==(const Type& other) const;
  bool operator!=(const Type& other) const { return !(*this == other); }
};

const char* baseTypeName(BaseType base);

struct Parameter {
  std::string name;
  Type type;
  /// Source text of the default (a string literal's value for strings); absent when none.
  std::optional<std::string> defaultValue;
  bool hasDefault() const { return defaultValue.has_value(); }
};

struct Schema {
  std::string name;
  std::vector<Parameter> parameters;
  std::optional<Type> returnType;

  /// The call produces a value that gets an output quantizer (§8.2).
  bool returnsQuantized() const { return returnType && returnType->containsQuantized(); }
  const Parameter* findParameter(const std::string& name) const;
  std::string str() const;
};

/// A problem found while parsing a schema; `offset` is a byte offset into the schema text.
struct SchemaError {
  std::size_t offset = 0;
  std::string message;
};

struct SchemaParseResult {
  std::optional<Schema> schema;
  std::vector<SchemaError> errors;
  /// Accepted but noteworthy spellings (keyword-only / positional-only markers).
  std::vector<SchemaError> warnings;
};

SchemaParseResult parseSchema(const std::string& text);

} // namespace ffquant::optable

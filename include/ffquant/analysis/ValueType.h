// The static value types the middle layer reasons with (spec §7): enough to tell tensors, and
// values that may be tensors, from values that certainly are not.
#pragma once

#include <functional>
#include <memory>
#include <string>

namespace ffquant::analysis {

struct ValueType {
  enum class Tag {
    Unknown, // nothing known: may be a tensor (mypy's Any)
    Tensor,
    Int,
    Float,
    Complex,
    Bool,
    Str,
    Bytes,
    None,
    Size,   // torch.Size / tuple of ints
    List,   // list or other sequence of `element`
    Tuple,  // homogeneous tuple of `element`
    Object, // some known non-tensor value (a class instance, a module, a dtype, ...)
  };
  Tag tag = Tag::Unknown;
  std::shared_ptr<const ValueType> element; // List / Tuple

  static ValueType of(Tag tag) { return ValueType{tag, nullptr}; }
  static ValueType container(Tag tag, ValueType element);

  /// Tensor-like per spec §7.1: a Tensor, unknown, or a container of tensors or of unknowns.
  bool tensorLike() const;
  bool isScalar() const;
  bool operator==(const ValueType& other) const;
  std::string str() const;
};

/// The least type covering both (unknown when they disagree and either may be a tensor).
ValueType join(const ValueType& a, const ValueType& b);

/// Reads a Python annotation (`torch.Tensor`, `list[int]`, `Optional[float]`, `int | None`).
/// `resolve` maps a dotted name to its qualified name through the file's imports.
ValueType typeFromAnnotation(const std::string& annotation,
                             const std::function<std::string(const std::string&)>& resolve);

} // namespace ffquant::analysis

// Value types, their join, and reading them from annotations.
#include "ffquant/analysis/ValueType.h"

#include <cctype>
#include <vector>

namespace ffquant::analysis {

ValueType ValueType::container(Tag tag, ValueType element) {
  return ValueType{tag, std::make_shared<const ValueType>(std::move(element))};
}

bool ValueType::tensorLike() const {
  switch (tag) {
  case Tag::Unknown:
  case Tag::Tensor: return true;
  case Tag::List:
  case Tag::Tuple: return !element || element->tag == Tag::Tensor || element->tag == Tag::Unknown;
  default: return false;
  }
}

bool ValueType::isScalar() const {
  return tag == Tag::Int || tag == Tag::Float || tag == Tag::Complex || tag == Tag::Bool;
}

bool ValueType::operator==(const ValueType& other) const {
  if (tag != other.tag) return false;
  if (!element || !other.element) return element == other.element;
  return *element == *other.element;
}

std::string ValueType::str() const {
  switch (tag) {
  case Tag::Unknown: return "Any";
  case Tag::Tensor: return "Tensor";
  case Tag::Int: return "int";
  case Tag::Float: return "float";
  case Tag::Complex: return "complex";
  case Tag::Bool: return "bool";
  case Tag::Str: return "str";
  case Tag::Bytes: return "bytes";
  case Tag::None: return "None";
  case Tag::Size: return "Size";
  case Tag::List: return "list[" + (element ? element->str() : "Any") + "]";
  case Tag::Tuple: return "tuple[" + (element ? element->str() : "Any") + ", ...]";
  case Tag::Object: return "object";
  }
  return "Any";
}

ValueType join(const ValueType& a, const ValueType& b) {
  if (a == b) return a;
  using Tag = ValueType::Tag;
  auto numericRank = [](Tag t) {
    switch (t) {
    case Tag::Bool: return 1;
    case Tag::Int: return 2;
    case Tag::Float: return 3;
    case Tag::Complex: return 4;
    default: return 0;
    }
  };
  if (numericRank(a.tag) && numericRank(b.tag)) return numericRank(a.tag) > numericRank(b.tag) ? a : b;
  if (a.tag == Tag::None) return b; // Optional[T] behaves as T here
  if (b.tag == Tag::None) return a;
  if (a.tensorLike() || b.tensorLike()) return ValueType::of(Tag::Unknown);
  return ValueType::of(Tag::Object);
}

namespace {

/// A tiny recursive-descent reader for annotation text.
class AnnotationReader {
public:
  AnnotationReader(const std::string& text, const std::function<std::string(const std::string&)>& resolve)
      : text_(text), resolve_(resolve) {}

  ValueType read() {
    ValueType t = unionType();
    return t;
  }

private:
  void space() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
  }
  bool eat(char c) {
    space();
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  std::string name() {
    space();
    std::size_t start = pos_;
    while (pos_ < text_.size() &&
           (std::isalnum(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == '_' || text_[pos_] == '.'))
      ++pos_;
    return text_.substr(start, pos_ - start);
  }

  ValueType unionType() {
    ValueType t = primary();
    while (eat('|')) t = join(t, primary());
    return t;
  }

  std::vector<ValueType> arguments() {
    std::vector<ValueType> args;
    if (eat(']')) return args;
    do {
      space();
      if (text_.compare(pos_, 3, "...") == 0) {
        pos_ += 3;
        continue;
      }
      args.push_back(unionType());
    } while (eat(','));
    eat(']');
    return args;
  }

  ValueType primary() {
    using Tag = ValueType::Tag;
    space();
    if (pos_ < text_.size() && (text_[pos_] == '"' || text_[pos_] == '\'')) {
      // A forward reference: read what is inside the quotes.
      char quote = text_[pos_++];
      std::size_t end = text_.find(quote, pos_);
      std::string inner = text_.substr(pos_, end == std::string::npos ? std::string::npos : end - pos_);
      pos_ = end == std::string::npos ? text_.size() : end + 1;
      return AnnotationReader(inner, resolve_).read();
    }
    std::string raw = name();
    if (raw.empty()) return ValueType::of(Tag::Unknown);
    std::string q = resolve_(raw);
    std::string last = q.substr(q.rfind('.') == std::string::npos ? 0 : q.rfind('.') + 1);
    std::vector<ValueType> args;
    bool generic = eat('[');
    if (generic) args = arguments();
    auto arg0 = [&]() { return args.empty() ? ValueType::of(Tag::Unknown) : args[0]; };
    if (q == "torch.Tensor" || q == "torch.nn.Parameter" || q == "torch.nn.parameter.Parameter" ||
        q == "Tensor")
      return ValueType::of(Tag::Tensor);
    if (q == "torch.Size" || q == "Size") return ValueType::of(Tag::Size);
    if (q == "int") return ValueType::of(Tag::Int);
    if (q == "float") return ValueType::of(Tag::Float);
    if (q == "complex") return ValueType::of(Tag::Complex);
    if (q == "bool") return ValueType::of(Tag::Bool);
    if (q == "str") return ValueType::of(Tag::Str);
    if (q == "bytes") return ValueType::of(Tag::Bytes);
    if (q == "None") return ValueType::of(Tag::None);
    if (q == "Any" || q == "typing.Any") return ValueType::of(Tag::Unknown);
    if (last == "Optional") return arg0();
    if (last == "Union") {
      if (args.empty()) return ValueType::of(Tag::Unknown);
      ValueType t = args[0];
      for (std::size_t i = 1; i < args.size(); ++i) t = join(t, args[i]);
      return t;
    }
    if (q == "list" || last == "List" || last == "Sequence" || last == "Iterable" || last == "Iterator" ||
        last == "MutableSequence")
      return ValueType::container(Tag::List, arg0());
    if (q == "tuple" || last == "Tuple") {
      if (args.empty()) return ValueType::container(Tag::Tuple, ValueType::of(Tag::Unknown));
      ValueType t = args[0];
      for (std::size_t i = 1; i < args.size(); ++i) t = join(t, args[i]);
      return ValueType::container(Tag::Tuple, t);
    }
    // Any other named class is an instance of that class: certainly not a tensor.
    return ValueType::of(Tag::Object);
  }

  const std::string& text_;
  const std::function<std::string(const std::string&)>& resolve_;
  std::size_t pos_ = 0;
};

} // namespace

ValueType typeFromAnnotation(const std::string& annotation,
                             const std::function<std::string(const std::string&)>& resolve) {
  return AnnotationReader(annotation, resolve).read();
}

} // namespace ffquant::analysis

// Parser and printer for the schema mini-language (spec §8.2).
#include "ffquant/optable/Schema.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

namespace ffquant::optable {

// ----- Types -------------------------------------------------------------------------------

Type Type::named(BaseType base) {
  Type t;
  t.kind = Kind::Base;
  t.base = base;
  return t;
}

Type Type::unionOf(std::vector<Type> members) {
  std::vector<Type> flat;
  for (Type& m : members) {
    std::vector<Type> parts = m.kind == Kind::Union ? m.members : std::vector<Type>{m};
    for (Type& part : parts)
      if (std::find(flat.begin(), flat.end(), part) == flat.end()) flat.push_back(std::move(part));
  }
  if (flat.size() == 1) return flat.front();
  Type t;
  t.kind = Kind::Union;
  t.members = std::move(flat);
  return t;
}

bool Type::containsQuantized() const {
  switch (kind) {
  case Kind::Base: return base == BaseType::Quantized || base == BaseType::MaybeQuantized;
  case Kind::Union:
    return std::any_of(members.begin(), members.end(), [](const Type& m) {
      return m.kind == Kind::Base && m.containsQuantized();
    });
  default: return false; // Sequence[Quantized] and other generics do not demand quantization.
  }
}

const char* baseTypeName(BaseType base) {
  switch (base) {
  case BaseType::Quantized: return "Quantized";
  case BaseType::MaybeQuantized: return "MaybeQuantized";
  case BaseType::Tensor: return "Tensor";
  case BaseType::Int: return "int";
  case BaseType::Float: return "float";
  case BaseType::Bool: return "bool";
  case BaseType::Str: return "str";
  case BaseType::Number: return "Number";
  case BaseType::Size: return "Size";
  case BaseType::Ellipsis: return "...";
  case BaseType::DType: return "DType";
  case BaseType::Device: return "Device";
  case BaseType::Layout: return "Layout";
  case BaseType::MemoryFormat: return "MemoryFormat";
  case BaseType::Quantizer: return "Quantizer";
  case BaseType::Object: return "object";
  case BaseType::None: return "None";
  }
  return "object";
}

std::string Type::str() const {
  auto joined = [](const std::vector<Type>& types, const char* sep) {
    std::string out;
    for (std::size_t i = 0; i < types.size(); ++i) {
      if (i) out += sep;
      out += types[i].str();
    }
    return out;
  };
  switch (kind) {
  case Kind::Base: return baseTypeName(base);
  case Kind::Union: return joined(members, " | ");
  case Kind::Tuple: return "tuple[" + joined(members, ", ") + (variadicTuple ? ", ...]" : "]");
  case Kind::List: return "list[" + joined(members, ", ") + "]";
  case Kind::Sequence: return "Sequence[" + joined(members, ", ") + "]";
  }
  return "object";
}

bool Type::operator==(const Type& other) const {
  if (kind != other.kind) return false;
  if (kind == Kind::Base) return base == other.base;
  if (variadicTuple != other.variadicTuple || members.size() != other.members.size()) return false;
  if (kind == Kind::Union) // unions are order-insensitive
    return std::all_of(members.begin(), members.end(), [&](const Type& m) {
      return std::find(other.members.begin(), other.members.end(), m) != other.members.end();
    });
  return members == other.members;
}

const Parameter* Schema::findParameter(const std::string& parameterName) const {
  for (const Parameter& p : parameters)
    if (p.name == parameterName) return &p;
  return nullptr;
}

std::string Schema::str() const {
  std::string out = name + "(";
  for (std::size_t i = 0; i < parameters.size(); ++i) {
    const Parameter& p = parameters[i];
    if (i) out += ", ";
    out += p.name + ": " + p.type.str();
    if (p.defaultValue) out += " = " + *p.defaultValue;
  }
  out += ")";
  if (returnType) out += " -> " + returnType->str();
  return out;
}

// ----- Parser ------------------------------------------------------------------------------

namespace {

const std::map<std::string, BaseType>& typeNames() {
  static const std::map<std::string, BaseType> names = {
      {"Quantized", BaseType::Quantized},       {"QuantizedTensor", BaseType::Quantized},
      {"MaybeQuantized", BaseType::MaybeQuantized},
      {"Tensor", BaseType::Tensor},             {"torch.Tensor", BaseType::Tensor},
      {"int", BaseType::Int},                   {"Int", BaseType::Int},
      {"float", BaseType::Float},               {"Float", BaseType::Float},
      {"bool", BaseType::Bool},                 {"Bool", BaseType::Bool},
      {"str", BaseType::Str},                   {"String", BaseType::Str},
      {"string", BaseType::Str},                {"Number", BaseType::Number},
      {"number", BaseType::Number},             {"Size", BaseType::Size},
      {"size", BaseType::Size},                 {"torch.Size", BaseType::Size},
      {"Ellipsis", BaseType::Ellipsis},         {"DType", BaseType::DType},
      {"dtype", BaseType::DType},               {"torch.dtype", BaseType::DType},
      {"Device", BaseType::Device},             {"torch.device", BaseType::Device},
      {"Layout", BaseType::Layout},             {"torch.layout", BaseType::Layout},
      {"MemoryFormat", BaseType::MemoryFormat}, {"torch.memory_format", BaseType::MemoryFormat},
      {"Quantizer", BaseType::Quantizer},       {"object", BaseType::Object},
      {"None", BaseType::None},
  };
  return names;
}

enum class Generic { Optional, Union, Tuple, List, Sequence };

const std::map<std::string, Generic>& genericNames() {
  static const std::map<std::string, Generic> names = {
      {"Optional", Generic::Optional}, {"Union", Generic::Union},  {"tuple", Generic::Tuple},
      {"Tuple", Generic::Tuple},       {"list", Generic::List},    {"List", Generic::List},
      {"Sequence", Generic::Sequence},
  };
  return names;
}

/// Thrown only inside this parser to unwind to the top; never crosses the library boundary.
struct ParseFailure {
  SchemaError error;
};

class SchemaParser {
public:
  explicit SchemaParser(const std::string& text) : text_(text) {}

  SchemaParseResult parse() {
    SchemaParseResult result;
    try {
      Schema schema;
      skipSpace();
      std::size_t nameStart = pos_;
      schema.name = identifier("operator name");
      if (schema.name.find('.') != std::string::npos)
        fail(nameStart, "operator name must be a plain identifier");
      expect('(');
      parseParameters(schema);
      skipSpace();
      if (consume("->")) schema.returnType = parseType();
      skipSpace();
      if (pos_ < text_.size()) fail(pos_, "unexpected text after schema");
      result.schema = std::move(schema);
    } catch (const ParseFailure& failure) {
      result.errors.push_back(failure.error);
    }
    result.warnings = std::move(warnings_);
    return result;
  }

private:
  [[noreturn]] void fail(std::size_t offset, std::string message) {
    throw ParseFailure{{offset, std::move(message)}};
  }

  void skipSpace() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
  }

  bool consume(const char* token) {
    skipSpace();
    std::string t(token);
    if (text_.compare(pos_, t.size(), t) == 0) {
      pos_ += t.size();
      return true;
    }
    return false;
  }

  void expect(char c) {
    skipSpace();
    if (pos_ >= text_.size() || text_[pos_] != c)
      fail(pos_, std::string("expected '") + c + "'" + foundText());
    ++pos_;
  }

  std::string foundText() const {
    if (pos_ >= text_.size()) return " at end of schema";
    return std::string(", found '") + text_[pos_] + "'";
  }

  static bool identStart(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
  static bool identChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

  /// A dotted identifier such as `torch.Tensor`.
  std::string identifier(const char* what) {
    skipSpace();
    if (pos_ >= text_.size() || !identStart(text_[pos_]))
      fail(pos_, std::string("expected ") + what + foundText());
    std::size_t start = pos_;
    while (pos_ < text_.size()) {
      while (pos_ < text_.size() && identChar(text_[pos_])) ++pos_;
      if (pos_ + 1 < text_.size() && text_[pos_] == '.' && identStart(text_[pos_ + 1]))
        ++pos_;
      else
        break;
    }
    return text_.substr(start, pos_ - start);
  }

  void parseParameters(Schema& schema) {
    std::vector<Parameter> regular, keywordOnly, positionalOnly;
    std::set<std::string> seen;
    enum class Section { Regular, KeywordOnly } section = Section::Regular;
    skipSpace();
    if (consume(")")) return;
    while (true) {
      skipSpace();
      std::size_t start = pos_;
      if (consume("*")) {
        warnings_.push_back({start, "keyword-only marker '*' is treated as an ordinary separator"});
        section = Section::KeywordOnly;
      } else if (consume("/")) {
        // Everything so far was positional-only: it moves after the other parameters (§8.2).
        warnings_.push_back({start, "positional-only marker '/' is treated as an ordinary separator"});
        for (Parameter& p : regular) positionalOnly.push_back(std::move(p));
        regular.clear();
      } else {
        Parameter p;
        p.name = identifier("parameter name");
        if (p.name.find('.') != std::string::npos) fail(start, "parameter name must be an identifier");
        if (!seen.insert(p.name).second) fail(start, "duplicate parameter '" + p.name + "'");
        skipSpace();
        if (pos_ >= text_.size() || text_[pos_] != ':')
          fail(pos_, "parameter '" + p.name + "' has no type annotation");
        ++pos_;
        p.type = parseType();
        skipSpace();
        if (consume("=")) p.defaultValue = parseDefault();
        (section == Section::Regular ? regular : keywordOnly).push_back(std::move(p));
      }
      skipSpace();
      if (consume(")")) break;
      expect(',');
      skipSpace();
      if (consume(")")) break; // trailing comma
    }
    for (auto* group : {&regular, &keywordOnly, &positionalOnly})
      for (Parameter& p : *group) schema.parameters.push_back(std::move(p));
  }

  /// A default value: a string literal's value, or the source text of any other expression up
  /// to the next top-level `,` or `)`.
  std::string parseDefault() {
    skipSpace();
    std::size_t start = pos_;
    if (pos_ < text_.size() && (text_[pos_] == '"' || text_[pos_] == '\'')) {
      char quote = text_[pos_++];
      std::string value;
      while (pos_ < text_.size() && text_[pos_] != quote) {
        if (text_[pos_] == '\\' && pos_ + 1 < text_.size()) ++pos_;
        value += text_[pos_++];
      }
      if (pos_ >= text_.size()) fail(start, "unterminated string default");
      ++pos_;
      return value;
    }
    int depth = 0;
    while (pos_ < text_.size()) {
      char c = text_[pos_];
      if (c == '(' || c == '[') ++depth;
      if (c == ')' || c == ']') {
        if (depth == 0) break;
        --depth;
      }
      if (c == ',' && depth == 0) break;
      ++pos_;
    }
    std::size_t end = pos_;
    while (end > start && std::isspace(static_cast<unsigned char>(text_[end - 1]))) --end;
    if (end == start) fail(start, "expected a default value");
    return text_.substr(start, end - start);
  }

  Type parseType() {
    std::vector<Type> members{parsePrimaryType()};
    while (consume("|")) members.push_back(parsePrimaryType());
    return members.size() == 1 ? members.front() : Type::unionOf(std::move(members));
  }

  Type parsePrimaryType() {
    skipSpace();
    std::size_t start = pos_;
    if (consume("...")) return Type::named(BaseType::Ellipsis);
    std::string name = identifier("a type");
    skipSpace();
    if (pos_ < text_.size() && text_[pos_] == '[') {
      auto generic = genericNames().find(name);
      if (generic == genericNames().end()) fail(start, "unknown generic type '" + name + "'");
      ++pos_;
      return parseGenericArguments(generic->second, name, start);
    }
    auto named = typeNames().find(name);
    if (named == typeNames().end()) {
      if (genericNames().count(name)) fail(start, "generic type '" + name + "' needs arguments");
      fail(start, "unknown type '" + name + "'");
    }
    return Type::named(named->second);
  }

  Type parseGenericArguments(Generic generic, const std::string& name, std::size_t start) {
    std::vector<Type> args;
    bool variadic = false;
    while (true) {
      skipSpace();
      if (generic == Generic::Tuple && !args.empty() && consume("...")) {
        variadic = true;
        expect(']');
        break;
      }
      args.push_back(parseType());
      skipSpace();
      if (consume("]")) break;
      expect(',');
    }
    auto arity = [&](std::size_t n) {
      if (args.size() != n)
        fail(start, "'" + name + "' takes " + std::to_string(n) + " type argument" +
                        (n == 1 ? "" : "s"));
    };
    Type t;
    switch (generic) {
    case Generic::Optional:
      arity(1);
      return Type::unionOf({args[0], Type::named(BaseType::None)});
    case Generic::Union:
      if (args.size() < 2) fail(start, "'Union' takes at least 2 type arguments");
      return Type::unionOf(std::move(args));
    case Generic::Tuple:
      if (variadic && args.size() != 1) fail(start, "'tuple[T, ...]' takes exactly one element type");
      t.kind = Type::Kind::Tuple;
      t.variadicTuple = variadic;
      break;
    case Generic::List:
      arity(1);
      t.kind = Type::Kind::List;
      break;
    case Generic::Sequence:
      arity(1);
      t.kind = Type::Kind::Sequence;
      break;
    }
    t.members = std::move(args);
    return t;
  }

  const std::string& text_;
  std::size_t pos_ = 0;
  std::vector<SchemaError> warnings_;
};

} // namespace

SchemaParseResult parseSchema(const std::string& text) { return SchemaParser(text).parse(); }

} // namespace ffquant::optable

// The schema mini-language: every type name and constructor of spec §8.2 and its error cases.
#include "ffquant/optable/Schema.h"

#include <catch2/catch.hpp>

using namespace ffquant::optable;

namespace {

Type typeOf(const std::string& typeText) {
  SchemaParseResult r = parseSchema("f(x: " + typeText + ")");
  INFO(typeText << (r.errors.empty() ? "" : " -> " + r.errors.front().message));
  REQUIRE(r.errors.empty());
  REQUIRE(r.schema);
  return r.schema->parameters.at(0).type;
}

SchemaError errorOf(const std::string& schema) {
  SchemaParseResult r = parseSchema(schema);
  INFO(schema);
  REQUIRE_FALSE(r.schema);
  REQUIRE(r.errors.size() == 1);
  return r.errors.front();
}

} // namespace

TEST_CASE("every named type and its spellings parse to the same type", "[schema]") {
  struct Case { const char* spelling; BaseType base; };
  const Case cases[] = {
      {"Quantized", BaseType::Quantized},       {"QuantizedTensor", BaseType::Quantized},
      {"MaybeQuantized", BaseType::MaybeQuantized}, {"Tensor", BaseType::Tensor},
      {"torch.Tensor", BaseType::Tensor},       {"int", BaseType::Int},
      {"Int", BaseType::Int},                   {"float", BaseType::Float},
      {"Float", BaseType::Float},               {"bool", BaseType::Bool},
      {"Bool", BaseType::Bool},                 {"str", BaseType::Str},
      {"String", BaseType::Str},                {"string", BaseType::Str},
      {"Number", BaseType::Number},             {"number", BaseType::Number},
      {"Size", BaseType::Size},                 {"size", BaseType::Size},
      {"torch.Size", BaseType::Size},           {"...", BaseType::Ellipsis},
      {"Ellipsis", BaseType::Ellipsis},         {"DType", BaseType::DType},
      {"dtype", BaseType::DType},               {"torch.dtype", BaseType::DType},
      {"Device", BaseType::Device},             {"torch.device", BaseType::Device},
      {"Layout", BaseType::Layout},             {"torch.layout", BaseType::Layout},
      {"MemoryFormat", BaseType::MemoryFormat}, {"torch.memory_format", BaseType::MemoryFormat},
      {"Quantizer", BaseType::Quantizer},       {"object", BaseType::Object},
      {"None", BaseType::None},
  };
  for (const Case& c : cases) CHECK(typeOf(c.spelling) == Type::named(c.base));
}

TEST_CASE("unions are flattened and order-insensitive", "[schema]") {
  Type t = typeOf("int | float | int");
  CHECK(t.kind == Type::Kind::Union);
  CHECK(t.members.size() == 2);
  CHECK(typeOf("float | int") == t);
  CHECK(typeOf("Union[int, Union[float, int]]") == t);
  CHECK(typeOf("Optional[int]") == typeOf("int | None"));
  CHECK(typeOf("Optional[Optional[int]]") == typeOf("None | int"));
  CHECK(typeOf("Union[int, int]") == Type::named(BaseType::Int));
}

TEST_CASE("generic constructors", "[schema]") {
  Type seq = typeOf("Sequence[Quantized]");
  CHECK(seq.kind == Type::Kind::Sequence);
  CHECK(seq.members.at(0) == Type::named(BaseType::Quantized));
  Type variadic = typeOf("tuple[int, ...]");
  CHECK(variadic.kind == Type::Kind::Tuple);
  CHECK(variadic.variadicTuple);
  CHECK(variadic.str() == "tuple[int, ...]");
  Type pair = typeOf("Tuple[int, float]");
  CHECK_FALSE(pair.variadicTuple);
  CHECK(pair.members.size() == 2);
  CHECK(typeOf("list[int]").kind == Type::Kind::List);
  CHECK(typeOf("List[Tensor]").str() == "list[Tensor]");
  CHECK(typeOf("Optional[tuple[int, ...] | list[int]]").members.size() == 3);
}

TEST_CASE("contains Quantized, exactly as spec §8.2 defines it", "[schema]") {
  CHECK(typeOf("Quantized").containsQuantized());
  CHECK(typeOf("MaybeQuantized").containsQuantized());
  CHECK(typeOf("Quantized | float").containsQuantized());
  CHECK(typeOf("Optional[Quantized]").containsQuantized());
  CHECK(typeOf("Optional[MaybeQuantized]").containsQuantized());
  CHECK_FALSE(typeOf("Tensor").containsQuantized());
  CHECK_FALSE(typeOf("int").containsQuantized());
  CHECK_FALSE(typeOf("Sequence[Quantized]").containsQuantized());
  CHECK_FALSE(typeOf("tuple[Quantized, ...]").containsQuantized());
  CHECK_FALSE(typeOf("list[Quantized] | None").containsQuantized());
}

TEST_CASE("parameters, defaults and return type", "[schema]") {
  SchemaParseResult r = parseSchema(
      "linear(input: Quantized, weight: Quantized, bias: Optional[MaybeQuantized] = None) -> Quantized");
  REQUIRE(r.schema);
  const Schema& s = *r.schema;
  CHECK(s.name == "linear");
  REQUIRE(s.parameters.size() == 3);
  CHECK_FALSE(s.parameters[0].hasDefault());
  CHECK(s.parameters[2].defaultValue == std::optional<std::string>("None"));
  CHECK(s.returnsQuantized());
  CHECK(s.str() == "linear(input: Quantized, weight: Quantized, bias: MaybeQuantized | None = None) -> Quantized");

  SchemaParseResult g = parseSchema("gelu(input: Quantized, approximate: str = 'none', eps: float = 1e-5, "
                                    "dims: tuple[int, ...] = (1, 2))");
  REQUIRE(g.schema);
  CHECK(g.schema->parameters[1].defaultValue == std::optional<std::string>("none")); // string value
  CHECK(g.schema->parameters[2].defaultValue == std::optional<std::string>("1e-5"));
  CHECK(g.schema->parameters[3].defaultValue == std::optional<std::string>("(1, 2)"));
  CHECK_FALSE(g.schema->returnType);
  CHECK_FALSE(g.schema->returnsQuantized());

  SchemaParseResult noQuant = parseSchema("size(input: Tensor) -> int");
  REQUIRE(noQuant.schema);
  CHECK_FALSE(noQuant.schema->returnsQuantized());
}

TEST_CASE("keyword-only and positional-only markers warn and reorder", "[schema]") {
  SchemaParseResult r = parseSchema("f(a: int, /, b: int, *, c: int) -> Quantized");
  REQUIRE(r.schema);
  CHECK(r.warnings.size() == 2);
  REQUIRE(r.schema->parameters.size() == 3);
  CHECK(r.schema->parameters[0].name == "b"); // regular, keyword-only, positional-only
  CHECK(r.schema->parameters[1].name == "c");
  CHECK(r.schema->parameters[2].name == "a");
}

TEST_CASE("schema errors point at the offending character", "[schema]") {
  CHECK(errorOf("relu(input: Foo) -> Quantized").offset == 12);
  CHECK(errorOf("relu(input: Foo) -> Quantized").message == "unknown type 'Foo'");
  CHECK(errorOf("relu(input) -> Quantized").message == "parameter 'input' has no type annotation");
  CHECK(errorOf("relu(input: Quantized -> Quantized").message.find("expected ','") == 0);
  CHECK(errorOf("relu(x: int, x: int)").message == "duplicate parameter 'x'");
  CHECK(errorOf("relu(x: Optional[int, float])").message == "'Optional' takes 1 type argument");
  CHECK(errorOf("relu(x: Sequence)").message == "generic type 'Sequence' needs arguments");
  CHECK(errorOf("relu(x: Dict[int])").message == "unknown generic type 'Dict'");
  CHECK(errorOf("relu(x: int) -> ").message.find("expected a type") == 0);
  CHECK(errorOf("relu(x: int) extra").message == "unexpected text after schema");
  CHECK(errorOf("torch.relu(x: int)").message == "operator name must be a plain identifier");
  CHECK(errorOf("relu(x: int = )").message == "expected a default value");
  CHECK(errorOf("(x: int)").offset == 0);
}

// Loading operator tables from YAML and looking operators up by every kind of name.
#include "ffquant/optable/TableLoader.h"

#include <catch2/catch.hpp>

using namespace ffquant;
using namespace ffquant::optable;

namespace {

struct LoadedTable {
  OperatorTable table;
  DiagnosticSink diagnostics;
  bool ok = false;
};

std::unique_ptr<LoadedTable> loadDefault() {
  auto t = std::make_unique<LoadedTable>();
  t->ok = loadTables({}, t->table, t->diagnostics);
  return t;
}

std::vector<std::string> messages(const DiagnosticSink& sink) {
  std::vector<std::string> out;
  for (const Diagnostic& d : sink.diagnostics()) out.push_back(formatDiagnostic(d));
  return out;
}

std::string nameOf(const EntryList& entries) { return entries.empty() ? "" : entries.front()->name(); }

} // namespace

TEST_CASE("the default table loads without problems and covers FastForward's operators", "[optable]") {
  auto t = loadDefault();
  INFO(Catch::Detail::stringify(messages(t->diagnostics)));
  REQUIRE(t->ok);
  CHECK(t->diagnostics.diagnostics().empty());
  const char* shipped[] = {"linear", "conv1d", "conv2d", "conv3d", "softmax", "relu", "sigmoid",
      "conv_transpose1d", "conv_transpose2d", "conv_transpose3d", "avg_pool1d", "avg_pool2d",
      "avg_pool3d", "embedding", "layer_norm", "matmul", "mm", "bmm", "add", "sub", "mul", "div",
      "pow", "sum", "bitwise_not", "negative", "positive", "bitwise_and", "bitwise_or",
      "bitwise_xor", "floor_divide", "bitwise_left_shift", "bitwise_right_shift", "remainder",
      "silu", "gelu", "dropout", "permute", "cat", "index_add", "cumsum", "pad", "max_pool2d",
      "interpolate", "unfold", "ones_like", "zeros_like", "full_like", "empty_like", "exp", "sin",
      "cos", "rms_norm"};
  for (const char* name : shipped) {
    INFO(name);
    EntryList found = t->table.lookupByName(name);
    REQUIRE(found.size() == 1);
    CHECK(found.front()->schema.returnsQuantized());
    CHECK(found.front()->pythonDispatch == std::string("fastforward.nn.functional.") + name);
    CHECK(found.front()->cppDispatch == std::string("fastforward::nn::functional::") + name);
    CHECK_FALSE(found.front()->cppNames.empty());
  }
  CHECK(t->table.entries().size() == 53);
}

TEST_CASE("lookups by every kind of name, in both languages", "[optable]") {
  auto t = loadDefault();
  const OperatorTable& table = t->table;
  // Python callables and aliases
  CHECK(nameOf(table.lookupPython("torch.nn.functional.relu")) == "relu");
  CHECK(nameOf(table.lookupPython("torch.relu")) == "relu");
  CHECK(nameOf(table.lookupPython("torch.conv2d")) == "conv2d");
  CHECK(table.lookupPython("torch.nn.functional.bilinear").empty());
  // C++ callables, with and without the global qualifier
  CHECK(nameOf(table.lookupCpp("torch::nn::functional::relu")) == "relu");
  CHECK(nameOf(table.lookupCpp("torch::relu")) == "relu");
  CHECK(nameOf(table.lookupCpp("at::relu")) == "relu");
  CHECK(nameOf(table.lookupCpp("::torch::matmul")) == "matmul");
  CHECK(table.lookupCpp("torch::relu_").empty());
  // Tensor methods: out-of-place only
  CHECK(nameOf(table.lookupMethod("relu")) == "relu");
  CHECK(nameOf(table.lookupMethod("sum")) == "sum");
  CHECK(table.lookupMethod("add_").empty());
  // Operators
  const std::pair<const char*, const char*> binary[] = {{"+", "add"}, {"-", "sub"}, {"*", "mul"},
      {"/", "div"}, {"//", "floor_divide"}, {"%", "remainder"}, {"**", "pow"}, {"@", "matmul"},
      {"<<", "bitwise_left_shift"}, {">>", "bitwise_right_shift"}, {"&", "bitwise_and"},
      {"|", "bitwise_or"}, {"^", "bitwise_xor"}};
  for (auto [symbol, op] : binary) CHECK(nameOf(table.lookupBinaryOperator(symbol)) == op);
  CHECK(nameOf(table.lookupUnaryOperator("-")) == "negative");
  CHECK(nameOf(table.lookupUnaryOperator("+")) == "positive");
  CHECK(nameOf(table.lookupUnaryOperator("~")) == "bitwise_not");
  CHECK(table.lookupUnaryOperator("not").empty());
}

TEST_CASE("a user table adds operators and overloads tried before the default", "[optable]") {
  auto t = loadDefault();
  DiagnosticSink diagnostics;
  const char* user = R"(
- op: "bilinear(input1: Quantized, input2: Quantized, weight: Quantized, bias: Optional[MaybeQuantized] = None) -> Quantized"
  fallback: torch.nn.functional.bilinear
  dispatch: {python: my_pkg.my_quantized_bilinear, cpp: my_pkg::my_quantized_bilinear}
- op: "linear(input: Quantized, weight: Quantized) -> Quantized"
  fallback: torch.nn.functional.linear
  dispatch: {python: my_pkg.custom_linear}
)";
  REQUIRE(loadTableFromString(user, "user.yaml", t->table, diagnostics));
  EntryList bilinear = t->table.lookupPython("torch.nn.functional.bilinear");
  REQUIRE(bilinear.size() == 1);
  CHECK(bilinear.front()->pythonDispatch == "my_pkg.my_quantized_bilinear");
  CHECK(bilinear.front()->cppDispatch == "my_pkg::my_quantized_bilinear");
  EntryList linear = t->table.lookupPython("torch.nn.functional.linear");
  REQUIRE(linear.size() == 2);
  CHECK(linear[0]->pythonDispatch == "my_pkg.custom_linear"); // later entry first
  CHECK(linear[1]->pythonDispatch == "fastforward.nn.functional.linear");
  CHECK(t->table.lookupCpp("torch::linear").size() == 1); // the overload names no C++ callable
}

TEST_CASE("every problem in a table is reported with its location", "[optable]") {
  OperatorTable table;
  DiagnosticSink diagnostics;
  const char* bad = "- op: \"relu(input: Quantized) -> Quantized\"\n"          // line 1
                    "  fallback: torch.relu\n"                                 // line 2
                    "- op: \"sigmoid(input Quantized) -> Quantized\"\n"        // line 3: malformed
                    "  fallback: torch.sigmoid\n"
                    "- op: \"exp(input: Quantum) -> Quantized\"\n"             // line 5: unknown type
                    "  fallback: torch.exp\n"
                    "- op: \"sin(input: Quantized) -> Quantized\"\n"           // line 7
                    "  fallback: torch.sin\n"
                    "  colour: blue\n"                                         // line 9: unknown key
                    "- op: \"cos(input: Quantized) -> Quantized\"\n"           // line 10
                    "  fallback: torch.cos\n"
                    "  aliases: [torch.relu]\n"                                // claimed twice
                    "- op: \"tan(input: Quantized) -> Quantized\"\n"           // line 13
                    "  fallback: torch.tan\n"
                    "  dispatch: {python: \"not a name\"}\n";                  // line 15
  CHECK_FALSE(loadTableFromString(bad, "bad.yaml", table, diagnostics));
  std::vector<std::string> m = messages(diagnostics);
  REQUIRE(m.size() == 5);
  CHECK(m[0].rfind("bad.yaml:3:22: error: invalid schema: parameter 'input' has no type annotation", 0) == 0);
  CHECK(m[1].rfind("bad.yaml:5:19: error: invalid schema: unknown type 'Quantum'", 0) == 0);
  CHECK(m[2].rfind("bad.yaml:9:3: error: unknown key 'colour'", 0) == 0);
  CHECK(m[3].rfind("bad.yaml:10:3: error: Python name 'torch.relu' of operator 'cos' is already claimed by operator 'relu'", 0) == 0);
  CHECK(m[3].find("bad.yaml:1:3: note: 'torch.relu' claimed here") != std::string::npos);
  CHECK(m[4].rfind("bad.yaml:15:22: error: 'not a name' is not a valid Python dispatch target name", 0) == 0);
  CHECK(table.entries().size() == 1); // only the valid relu entry
}

TEST_CASE("YAML syntax errors and wrong shapes are located", "[optable]") {
  OperatorTable table;
  DiagnosticSink diagnostics;
  CHECK_FALSE(loadTableFromString("- op: relu\n  fallback: [torch.relu\n", "syntax.yaml", table, diagnostics));
  REQUIRE(diagnostics.diagnostics().size() == 1);
  CHECK(formatDiagnostic(diagnostics.diagnostics()[0]).rfind("syntax.yaml:", 0) == 0);
  CHECK(diagnostics.diagnostics()[0].message.rfind("YAML syntax error", 0) == 0);

  DiagnosticSink shape;
  CHECK_FALSE(loadTableFromString("op: relu\n", "shape.yaml", table, shape));
  CHECK(shape.diagnostics().at(0).message == "an operator table is a list of entries");

  DiagnosticSink missing;
  CHECK_FALSE(loadTableFromString("- aliases: [torch.relu]\n", "missing.yaml", table, missing));
  CHECK(missing.errorCount() == 2); // no op, no fallback

  DiagnosticSink inplace;
  CHECK_FALSE(loadTableFromString("- op: \"add(a: Quantized, b: Quantized) -> Quantized\"\n"
                                  "  fallback: torch.add\n  methods: [add_]\n  operators: [\"<>\"]\n",
                                  "inplace.yaml", table, inplace));
  CHECK(inplace.errorCount() == 2);
}

// Every C++ golden output compiles against LibTorch and the runtime, next to its original (the
// equivalence tests run the models; these goldens come from pattern rules and header inputs).
#include "../golden/cpp_headers/gate.h"
#include "../golden/cpp_headers/gate.expected.h"
#include "../golden/cpp_patterns/functional_family.cpp"
#include "../golden/cpp_patterns/functional_family.expected.cpp"
#include "../golden/cpp_patterns/operator_rewrite.cpp"
#include "../golden/cpp_patterns/operator_rewrite.expected.cpp"

#include <catch2/catch.hpp>

TEST_CASE("pattern-rule and header goldens compile and construct", "[cpp]") {
  QuantizedGate gate;
  auto example = std::make_shared<QuantizedExampleImpl>();
  auto rewrite = std::make_shared<QuantizedRewriteImpl>();
  torch::Tensor x = torch::randn({4, 4}); // square: the example calls linear(z, z, z)
  CHECK(gate->forward(x).sizes() == x.sizes());
  CHECK(example->forward(x).sizes() == x.sizes());
  CHECK(rewrite->forward(x, x).sizes() == x.sizes());
}

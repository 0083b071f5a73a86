// Two C++ inputs converted in one run: the net's copy uses the copy of the block defined in the
// other file (declared in split_block.h), and computes what the float net computes.
#include "models/split_block.cpp"
#include "models/two_files_net.cpp"

#include "quantized_two_files.cpp"

#include <catch2/catch.hpp>

TEST_CASE("a net and the block it uses, from two files, converted together", "[cpp]") {
  torch::manual_seed(0);
  TwoFilesNet model;
  QuantizedTwoFilesNet quantized;
  torch::NoGradGuard guard;
  auto source = model->named_parameters();
  for (auto& p : quantized->named_parameters()) {
    REQUIRE(source.contains(p.key()));
    p.value().copy_(source[p.key()]);
  }
  torch::Tensor x = torch::randn({2, 3, 4, 4});
  CHECK(torch::equal(model->forward(x), quantized->forward(x)));
  // The block inside is the quantized copy, with its own quantizers.
  CHECK(quantized->named_modules().contains("block.quantizer_add"));
}

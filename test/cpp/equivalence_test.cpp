// Compile-and-run tests of generated C++: each model's quantized copy, with every quantizer a
// stub, returns exactly (bit for bit) what the float model returns on random input.
#include "models/cnn.cpp"
#include "models/helpers.cpp"
#include "models/methods.cpp"
#include "models/lstm.cpp"
#include "models/mlp.cpp"
#include "models/residual.cpp"
#include "models/resnet_template.cpp"
#include "models/sequential.cpp"
#include "models/split_block.cpp"
#include "models/vgg.cpp"

#include "quantized_cnn.cpp"
#include "quantized_helpers.cpp"
#include "quantized_methods.cpp"
#include "quantized_lstm.cpp"
#include "quantized_mlp.cpp"
#include "quantized_residual.cpp"
#include "quantized_resnet_template.cpp"
#include "quantized_sequential.cpp"
#include "quantized_split_block.cpp"
#include "quantized_vgg.cpp"

#include <catch2/catch.hpp>

namespace {

/// Copies the float model's parameters and buffers into the quantized copy, by name: the copy
/// keeps the float model's names, so a float checkpoint loads into it.
void copyState(torch::nn::Module& from, torch::nn::Module& to) {
  torch::NoGradGuard guard;
  auto source = from.named_parameters();
  for (auto& p : to.named_parameters()) {
    INFO("parameter " << p.key());
    REQUIRE(source.contains(p.key()));
    p.value().copy_(source[p.key()]);
  }
  auto buffers = from.named_buffers();
  for (auto& b : to.named_buffers())
    if (buffers.contains(b.key())) b.value().copy_(buffers[b.key()]);
}

bool equalOutputs(const torch::Tensor& a, const torch::Tensor& b) { return torch::equal(a, b); }
bool equalOutputs(const std::tuple<torch::Tensor, torch::Tensor>& a, const std::tuple<torch::Tensor, torch::Tensor>& b) {
  return torch::equal(std::get<0>(a), std::get<0>(b)) && torch::equal(std::get<1>(a), std::get<1>(b));
}

template <class Float, class Quantized>
void checkModels(const torch::Tensor& input, Float model, Quantized quantized) {
  copyState(*model, *quantized);
  model->eval();
  quantized->eval();
  auto expected = model->forward(input);
  auto actual = quantized->forward(input);
  CHECK(equalOutputs(expected, actual));
  // The copy really is quantized: it registers quantizers of its own.
  std::size_t quantizers = 0;
  for (const auto& m : quantized->named_modules())
    if (m.key().find("quantizer_") != std::string::npos) ++quantizers;
  CHECK(quantizers > 0);
}

template <class Float, class Quantized, class... Args>
void checkEquivalent(const torch::Tensor& input, Args... args) {
  torch::manual_seed(0);
  checkModels(input, Float(args...), Quantized(args...));
}

} // namespace

TEST_CASE("a feed-forward net quantized by ffquant computes what the float net computes", "[cpp]") {
  checkEquivalent<Mlp, QuantizedMlp>(torch::randn({4, 6}), 6, 8, 3);
}

TEST_CASE("a CNN with a residual add, a branch and a ternary", "[cpp]") {
  checkEquivalent<Cnn, QuantizedCnn>(torch::randn({2, 3, 8, 8}));
}

TEST_CASE("a module calling its own methods, with in-place Tensor methods and std::tie", "[cpp]") {
  checkEquivalent<Coder, QuantizedCoder>(torch::randn({3, 6}));
}

TEST_CASE("free helper functions get quantized copies with their quantizers passed in", "[cpp]") {
  checkEquivalent<Gated, QuantizedGated>(torch::randn({2, 3}));
}

TEST_CASE("user blocks in a Sequential built in a loop, a shared_ptr block, a ModuleList, a namespace", "[cpp]") {
  checkEquivalent<zoo::Stack, zoo::QuantizedStack>(torch::randn({2, 4}), 4, 3);
}

TEST_CASE("a residual block with private members, out-of-line definitions and a factory function", "[cpp]") {
  checkEquivalent<ResidualBlock, QuantizedResidualBlock>(torch::randn({2, 4, 6, 6}), 4);
}

TEST_CASE("an LSTM language model returning a tuple, with std::tie", "[cpp]") {
  checkEquivalent<LanguageModel, QuantizedLanguageModel>(torch::randint(0, 12, {2, 5}), 12, 6);
}

TEST_CASE("a Sequential-based VGG whose forward iterates its layers", "[cpp]") {
  checkEquivalent<Vgg, QuantizedVgg>(torch::randn({2, 3, 8, 8}));
}

TEST_CASE("a ResNet class template over its block type, instantiated with the quantized block", "[cpp]") {
  torch::manual_seed(0);
  checkModels(torch::randn({2, 3, 6, 6}), std::make_shared<ResNetImpl<BasicBlock>>(4, 2),
              std::make_shared<QuantizedResNetImpl<QuantizedBasicBlock>>(4, 2));
}

TEST_CASE("a block declared in a header with its constructor and forward in the .cpp", "[cpp]") {
  checkEquivalent<SplitBlock, QuantizedSplitBlock>(torch::randn({2, 3, 4, 4}), 3);
}

TEST_CASE("generated quantizers carry their role's tags, so configuration queries select them", "[cpp]") {
  namespace ffq = fastforward::quantization;
  QuantizedMlp mlp(6, 8, 3);
  auto names = [](const ffq::QuantizerCollection& found) { return found.names(); };
  // The op outputs of forward, next to the output quantizers of the quantized Linear layers.
  CHECK(names(ffq::find_quantizers(mlp, "[qtag:activation/output]")) ==
        std::vector<std::string>{"quantizer_relu", "quantizer_mul", "quantizer_add", "quantizer_softmax",
                                 "quantizer__tmp_1", "quantizer_y"});
  CHECK(names(ffq::find_quantizers(mlp, "fc1/[qtag:activation/output]")) ==
        std::vector<std::string>{"fc1.output_quantizer"});
  QuantizedCoder coder;
  // `mu` and `logvar`, parameters of a method, are inputs.
  CHECK(names(ffq::find_quantizers(coder, "[qtag:activation/input]")) ==
        std::vector<std::string>{"quantizer_mu", "quantizer_logvar"});
  // A rule on the generated quantizers replaces them through their slots: forward uses them.
  ffq::QuantizationConfig config;
  config.add_rule("[qtag:activation/output]", [](const std::string&, const std::shared_ptr<fastforward::nn::Quantizer>&) {
    return std::make_shared<fastforward::nn::DynamicLinearQuantizer>(fastforward::nn::DynamicLinearQuantizerOptions(2));
  });
  config.initialize(mlp);
  CHECK(!mlp->quantizer_relu->is_stub());
  auto input = torch::randn({4, 6});
  auto quantized = mlp->forward(input);
  fastforward::quantization::DisableQuantization off(*mlp);
  CHECK(!torch::equal(quantized, mlp->forward(input)));
}

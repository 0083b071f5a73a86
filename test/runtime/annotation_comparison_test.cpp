// Operator annotation: before/<op> and after/<op> tags.
#include "fastforward/fastforward.h"

#include <catch2/catch.hpp>

#include <set>

namespace ff = fastforward;
namespace ffq = fastforward::quantization;
namespace F = fastforward::nn::functional;
using ff::nn::LinearQuantizer;
using ff::nn::LinearQuantizerOptions;

namespace {

using Tags = std::set<std::string>;

Tags tags_at(torch::nn::Module& root, const std::string& path) {
  auto quantizer = std::dynamic_pointer_cast<ff::nn::Quantizer>(ff::nn::find_module(root, path));
  REQUIRE(quantizer);
  REQUIRE(quantizer->quant_metadata);
  return quantizer->quant_metadata->tags();
}

// The example of spec §6: h = lin1(x); h = pow(h, 2, q_pow); h = add(h, lin2(x), q_add).
struct SpecExampleImpl : ff::nn::QuantizedModule {
  SpecExampleImpl() {
    lin1 = register_module("lin1", ff::nn::QuantizedLinear(4, 4));
    lin2 = register_module("lin2", ff::nn::QuantizedLinear(4, 4));
    q_pow = register_quantizer("q_pow");
    q_add = register_quantizer("q_add");
  }
  at::Tensor forward(const at::Tensor& x) {
    auto h = lin1(x);
    h = F::pow(h, 2, q_pow);
    return F::add(h, lin2(x), /*alpha=*/1, q_add);
  }
  ff::nn::QuantizedLinear lin1{nullptr}, lin2{nullptr};
  ff::nn::QuantizerSlot q_pow, q_add;
};
TORCH_MODULE(SpecExample);

// A residual block: the block input feeds both the first convolution and the final add.
struct ResidualBlockImpl : ff::nn::QuantizedModule {
  ResidualBlockImpl() {
    conv1 = register_module("conv1",
                            ff::nn::QuantizedConv2d(torch::nn::Conv2dOptions(4, 4, 3).padding(1)));
    conv2 = register_module("conv2",
                            ff::nn::QuantizedConv2d(torch::nn::Conv2dOptions(4, 4, 3).padding(1)));
    quantizer_x = register_quantizer("quantizer_x", ff::nn::QuantizerMetadata::input());
    quantizer_relu = register_quantizer("quantizer_relu");
    quantizer_add = register_quantizer("quantizer_add");
  }
  at::Tensor forward(at::Tensor x) {
    x = quantizer_x(x);
    auto h = F::relu(conv1(x), quantizer_relu);
    h = conv2(h);
    return F::add(h, x, /*alpha=*/1, quantizer_add);
  }
  ff::nn::QuantizedConv2d conv1{nullptr}, conv2{nullptr};
  ff::nn::QuantizerSlot quantizer_x, quantizer_relu, quantizer_add;
};
TORCH_MODULE(ResidualBlock);

// Quantizers registered as plain children: they have no metadata until annotated.
struct BareQuantizersImpl : torch::nn::Module {
  BareQuantizersImpl() {
    q_exp = register_module("q_exp", std::make_shared<LinearQuantizer>());
    q_sigmoid = register_module("q_sigmoid", std::make_shared<LinearQuantizer>());
  }
  at::Tensor forward(const at::Tensor& x) {
    return F::sigmoid(F::exp(x, q_exp), q_sigmoid);
  }
  std::shared_ptr<LinearQuantizer> q_exp, q_sigmoid;
};
TORCH_MODULE(BareQuantizers);

}  // namespace

TEST_CASE("annotation of the spec example gives exactly the spec's tags", "[annotation]") {
  SpecExample model;
  ffq::annotate_operator_metadata(model, torch::randn({2, 4}));

  const Tags before_linear_input = {"activation", "activation/input", "before", "before/linear"};
  CHECK(tags_at(*model, "lin1.input_quantizer") == before_linear_input);
  CHECK(tags_at(*model, "lin2.input_quantizer") == before_linear_input);
  for (const std::string layer : {"lin1", "lin2"}) {
    CHECK(tags_at(*model, layer + ".weight_quantizer") ==
          Tags{"parameter", "parameter/weight", "before", "before/linear"});
    CHECK(tags_at(*model, layer + ".bias_quantizer") ==
          Tags{"parameter", "parameter/bias", "before", "before/linear"});
  }
  CHECK(tags_at(*model, "lin1.output_quantizer") ==
        Tags{"activation", "activation/output", "after", "after/linear", "before", "before/pow"});
  // Not spelled out in the spec's excerpt, but implied by its rules: lin2's output feeds add.
  CHECK(tags_at(*model, "lin2.output_quantizer") ==
        Tags{"activation", "activation/output", "after", "after/linear", "before", "before/add"});
  CHECK(tags_at(*model, "q_pow") == Tags{"after", "after/pow", "before", "before/add"});
  CHECK(tags_at(*model, "q_add") == Tags{"after", "after/add"});
}

TEST_CASE("annotation of a residual block, with real quantizers that are not calibrated yet",
          "[annotation]") {
  ResidualBlock model;
  // Not stubs and not initialized: annotation runs with quantization disabled, and (unlike
  // FastForward's annotation, which only reaches stubs) tags them too.
  ff::nn::set_quantizer(*model, "conv1.output_quantizer", std::make_shared<LinearQuantizer>());
  ff::nn::set_quantizer(*model, "quantizer_x", std::make_shared<LinearQuantizer>());
  ffq::annotate_operator_metadata(model, torch::randn({1, 4, 6, 6}));

  CHECK(tags_at(*model, "quantizer_x") ==
        Tags{"activation", "activation/input", "before", "before/add"});
  for (const std::string conv : {"conv1", "conv2"}) {
    CHECK(tags_at(*model, conv + ".input_quantizer") ==
          Tags{"activation", "activation/input", "before", "before/conv2d"});
    CHECK(tags_at(*model, conv + ".weight_quantizer") ==
          Tags{"parameter", "parameter/weight", "before", "before/conv2d"});
    CHECK(tags_at(*model, conv + ".bias_quantizer") ==
          Tags{"parameter", "parameter/bias", "before", "before/conv2d"});
  }
  CHECK(tags_at(*model, "conv1.output_quantizer") ==
        Tags{"activation", "activation/output", "after", "after/conv2d", "before", "before/relu"});
  // The relu's quantizer feeds conv2's input quantizer directly: no op in between, no before tag.
  CHECK(tags_at(*model, "quantizer_relu") == Tags{"after", "after/relu"});
  CHECK(tags_at(*model, "conv2.output_quantizer") ==
        Tags{"activation", "activation/output", "after", "after/conv2d", "before", "before/add"});
  CHECK(tags_at(*model, "quantizer_add") == Tags{"after", "after/add"});

  SECTION("afterwards nothing is left attached and ops are not traced") {
    for (const auto& [path, quantizer] : ff::nn::named_quantizers(*model, false)) {
      INFO(path);
      CHECK(quantizer->overrides().empty());
    }
    CHECK(ffq::detail::active_operator_trace == nullptr);
    CHECK(ff::get_strict_quantization());
  }
}

TEST_CASE("annotation gives metadata to bare quantizers and works through a callback",
          "[annotation]") {
  BareQuantizers model;
  REQUIRE_FALSE(model->q_exp->quant_metadata);
  const auto input = torch::randn({3});
  ffq::annotate_operator_metadata(*model, [&] { model->forward(input); });
  CHECK(tags_at(*model, "q_exp") == Tags{"after", "after/exp", "before", "before/sigmoid"});
  CHECK(tags_at(*model, "q_sigmoid") == Tags{"after", "after/sigmoid"});
}

// Tests of the quantization math, LinearQuantizer/DynamicLinearQuantizer, overrides and flags.
#include "fastforward/fastforward.h"

#include <catch2/catch.hpp>

#include <cmath>

namespace ff = fastforward;
namespace ffq = fastforward::quantization;
using fastforward::nn::LinearQuantizer;
using fastforward::nn::LinearQuantizerOptions;
using ffq::Granularity;

namespace {

at::Tensor per_tensor(const at::Tensor& data, double scale, c10::optional<double> offset,
                      int64_t num_bits) {
  const auto scale_tensor = torch::tensor({scale}, torch::kFloat);
  const auto offset_tensor =
      offset ? torch::tensor({*offset}, torch::kFloat) : at::Tensor();
  return ffq::fake_quantize_affine(data, scale_tensor, offset_tensor, num_bits, data.sizes());
}

std::shared_ptr<LinearQuantizer> quantizer_with_range(LinearQuantizerOptions options, double min,
                                                      double max) {
  auto quantizer = std::make_shared<LinearQuantizer>(options);
  quantizer->set_quantization_range(min, max);
  return quantizer;
}

}  // namespace

TEST_CASE("symmetric 2-bit quantization rounds half to even and clamps (spec worked example 1)",
          "[affine]") {
  const auto x = torch::arange(-8, 9, torch::kFloat);
  const auto quantized = per_tensor(x, 2.0, c10::nullopt, 2);
  // Raw values: -2 for x <= -3, -1 for x = -2, 0 for x in {-1, 0, 1}, 1 for x >= 2.
  std::vector<float> expected;
  for (int v = -8; v <= 8; ++v) {
    const int raw = v <= -3 ? -2 : v == -2 ? -1 : (v >= -1 && v <= 1) ? 0 : 1;
    expected.push_back(static_cast<float>(raw * 2));
  }
  CHECK(torch::equal(quantized, torch::tensor(expected)));
}

TEST_CASE("ties round to even", "[affine]") {
  const auto x = torch::tensor({0.5f, 1.5f, 2.5f, -0.5f, -1.5f, -2.5f, 3.5f});
  CHECK(torch::equal(per_tensor(x, 1.0, c10::nullopt, 8),
                     torch::tensor({0.f, 2.f, 2.f, 0.f, -2.f, -2.f, 4.f})));
}

TEST_CASE("asymmetric 8-bit range [-1, 3] (spec worked example 2)", "[affine][linear_quantizer]") {
  auto quantizer = quantizer_with_range(LinearQuantizerOptions(8).symmetric(false), -1.0, 3.0);
  const float scale = 4.0f / 255.0f;
  CHECK(quantizer->scale.item<float>() == Approx(scale));
  CHECK(quantizer->offset.item<float>() == Approx(64.25));
  const auto out = quantizer->forward(torch::tensor({3.0f, -1.0f}));
  CHECK(out[0].item<float>() == Approx(191 * scale));
  CHECK(out[1].item<float>() == Approx(-64 * scale));
  // The reported range uses the unrounded offset, so it reads back exactly.
  const auto [min, max] = quantizer->quantization_range();
  CHECK(min.item<float>() == Approx(-1.0).margin(1e-6));
  CHECK(max.item<float>() == Approx(3.0).margin(1e-6));
}

TEST_CASE("parameters_for_range follows FastForward's rules", "[affine]") {
  SECTION("one-sided 4-bit range [0.5, 3] starts at zero") {
    const auto p = ffq::parameters_for_range(torch::tensor({0.5f}), torch::tensor({3.0f}), 4,
                                             /*symmetric=*/true, /*allow_one_sided=*/true);
    CHECK(p.scale.item<float>() == Approx(0.2));
    REQUIRE(p.offset);
    CHECK(p.offset->item<float>() == Approx(8.0));
  }
  SECTION("symmetric 4-bit range [-2, 1]") {
    const auto p = ffq::parameters_for_range(torch::tensor({-2.0f}), torch::tensor({1.0f}), 4,
                                             true, true);
    CHECK(p.scale.item<float>() == Approx(0.25));
    CHECK_FALSE(p.offset);
    CHECK(per_tensor(torch::tensor({1.9f}), 0.25, c10::nullopt, 4).item<float>() == 1.75f);
  }
  SECTION("all-zero data gets a positive scale (fixed quirk)") {
    const auto p = ffq::parameters_for_range(torch::tensor({0.0f}), torch::tensor({0.0f}), 8,
                                             true, false);
    CHECK(p.scale.item<float>() > 0.0f);
  }
  SECTION("one-sided detection uses the global minimum across channels") {
    const auto p = ffq::parameters_for_range(torch::tensor({0.0f, -1.0f}),
                                             torch::tensor({2.0f, 2.0f}), 8, true, true);
    CHECK_FALSE(p.offset);
  }
}

TEST_CASE("LinearQuantizer offset modes and lazy parameters", "[linear_quantizer]") {
  SECTION("symmetric with one-sided: offset is a buffer") {
    LinearQuantizer quantizer(LinearQuantizerOptions(4));
    CHECK(quantizer.has_uninitialized_params());
    CHECK_THROWS_AS(quantizer.forward(torch::ones({2})), ff::QuantizationError);
    CHECK(quantizer.named_buffers().contains("offset"));
    quantizer.set_quantization_range(4.0, 16.0);
    CHECK(quantizer.offset.item<float>() == 8.0f);
    quantizer.set_quantization_range(-4.0, 16.0);
    CHECK(quantizer.offset.item<float>() == 0.0f);
  }
  SECTION("symmetric without one-sided: no offset") {
    LinearQuantizer quantizer(LinearQuantizerOptions(4).allow_one_sided(false));
    quantizer.set_quantization_range(4.0, 16.0);
    CHECK_FALSE(quantizer.offset.defined());
  }
  SECTION("asymmetric: offset is a trainable parameter") {
    LinearQuantizer quantizer(LinearQuantizerOptions(8).symmetric(false));
    CHECK(quantizer.named_parameters().contains("offset"));
  }
  SECTION("reset_parameters returns to the lazy state") {
    auto quantizer = quantizer_with_range(LinearQuantizerOptions(8), -1.0, 1.0);
    quantizer->reset_parameters();
    CHECK(quantizer->has_uninitialized_params());
  }
}

TEST_CASE("fused kernel agrees bit for bit with ATen's fake quantization where both define the "
          "same thing",
          "[affine][aten]") {
  torch::manual_seed(1);
  const auto x = torch::randn({64, 33}) * 3;
  // Power-of-two scales make x/s (ours, as FastForward) and x*(1/s) (ATen) identical, and an even
  // zero point keeps the parity that round-half-to-even sees.
  SECTION("per tensor, no offset") {
    const double scale = std::ldexp(1.0, -5);
    CHECK(torch::equal(per_tensor(x, scale, c10::nullopt, 8),
                       at::fake_quantize_per_tensor_affine(x, scale, 0, -128, 127)));
  }
  SECTION("per tensor, even offset") {
    const double scale = std::ldexp(1.0, -4);
    // FastForward subtracts the offset, so offset -10 is zero point +10.
    CHECK(torch::equal(per_tensor(x, scale, -10.0, 8),
                       at::fake_quantize_per_tensor_affine(x, scale, 10, -128, 127)));
  }
  SECTION("per channel on axis 1 and axis 0") {
    for (int64_t axis : {0, 1}) {
      const int64_t channels = x.size(axis);
      const auto exponents = torch::randint(-6, -1, {channels}).to(torch::kFloat);
      const auto scales = torch::pow(2.0, exponents);
      const auto ours = ffq::fake_quantize_affine(
          x, scales, at::Tensor(), 8, Granularity::per_channel({axis}).tile_shape(x.sizes()));
      const auto aten = at::fake_quantize_per_channel_affine(
          x, scales, torch::zeros({channels}, torch::kInt), axis, -128, 127);
      CHECK(torch::equal(ours, aten));
    }
  }
  SECTION("arbitrary scales differ at most by one step on rare ulp-level ties") {
    const double scale = 0.0123;
    const auto ours = per_tensor(x, scale, c10::nullopt, 8);
    const auto aten = at::fake_quantize_per_tensor_affine(x, scale, 0, -128, 127);
    const auto differs = ours.ne(aten);
    CHECK(differs.sum().item<int64_t>() <= x.numel() / 1000);
    CHECK((ours - aten).abs().max().item<float>() <= scale * 1.001);
  }
}

TEST_CASE("the fused kernel equals the composite path for every tiling", "[affine]") {
  torch::manual_seed(2);
  const auto x = torch::randn({4, 6, 8});
  // A non-contiguous copy of the same values takes the composite (ATen ops) path.
  const auto strided = x.transpose(0, 2).contiguous().transpose(0, 2);
  REQUIRE_FALSE(strided.is_contiguous());
  const std::vector<Granularity> granularities = {
      Granularity::per_tensor(),
      Granularity::per_channel({0}),
      Granularity::per_channel({-1}),
      Granularity::per_channel({0, 2}),
      Granularity::per_block({2}, {4}, {0}),
      Granularity::per_tile({2, 3, 4}),
  };
  for (const auto& granularity : granularities) {
    INFO(granularity.to_string());
    const auto tile = granularity.tile_shape(x.sizes());
    const int64_t count = granularity.parameter_count(x.sizes());
    const auto scale = torch::rand({count}) * 0.05 + 0.01;
    const auto offset = torch::randn({count}) * 20;
    CHECK(torch::equal(ffq::fake_quantize_affine(x, scale, offset, 6, tile),
                       ffq::fake_quantize_affine(strided, scale, offset, 6, tile)));
    CHECK(torch::equal(ffq::fake_quantize_affine(x, scale, at::Tensor(), 6, tile),
                       ffq::fake_quantize_affine(strided, scale, at::Tensor(), 6, tile)));
  }
}

TEST_CASE("granularity tiling and parameter order", "[affine]") {
  const std::vector<int64_t> shape = {3, 4};
  CHECK(Granularity::per_channel({0}).tile_shape(shape) == std::vector<int64_t>{1, 4});
  CHECK(Granularity::per_channel({1}).tile_shape(shape) == std::vector<int64_t>{3, 1});
  CHECK(Granularity::per_block({1}, {2}, {0}).tile_shape(shape) == std::vector<int64_t>{1, 2});
  CHECK(Granularity::per_block({1}, {2}, {0}).parameter_count(shape) == 6);
  CHECK_THROWS(Granularity::per_block({1}, {3}).tile_shape(shape));
  CHECK_THROWS(Granularity::per_tile({2, 2}).tile_shape(shape));

  // Element (i, j) uses parameter i * 2 + j / 2: give each tile a different scale and check.
  const auto x = torch::ones({3, 4}) * 0.3;
  const auto scale = torch::arange(1, 7, torch::kFloat) * 0.1;
  const auto out = ffq::fake_quantize_affine(x, scale, at::Tensor(), 8, {1, 2});
  for (int64_t i = 0; i < 3; ++i) {
    for (int64_t j = 0; j < 4; ++j) {
      const float s = scale[i * 2 + j / 2].item<float>();
      CHECK(out[i][j].item<float>() == std::nearbyint(0.3f / s) * s);
    }
  }
}

TEST_CASE("straight-through estimator gradients", "[affine][autograd]") {
  const auto x = torch::tensor({-3.0f, -0.8f, 0.2f, 0.74f, 1.1f, 5.0f}).requires_grad_();
  const auto scale = torch::tensor({0.25f}).requires_grad_();
  const auto offset = torch::tensor({1.4f}).requires_grad_();  // rounds to 1
  const int64_t bits = 4;                                    // grid [-8, 7]
  const auto out = ffq::fake_quantize_affine(x, scale, offset, bits, x.sizes());
  const auto grad_out = torch::tensor({1.0f, 2.0f, 3.0f, 4.0f, 5.0f, 6.0f});
  out.backward(grad_out);

  // pre = x/s - round(o): -13, -4.2, -0.2, 1.96, 3.4, 19 -> clipped below, in, in, in, in, above.
  const std::vector<float> pre = {-13.0f, -4.2f, -0.2f, 1.96f, 3.4f, 19.0f};
  CHECK(torch::allclose(x.grad(), torch::tensor({0.f, 2.f, 3.f, 4.f, 5.f, 0.f})));
  double expected_scale_grad = 1.0 * (-8 + 1) + 6.0 * (7 + 1);
  for (int i = 1; i <= 4; ++i) {
    expected_scale_grad += grad_out[i].item<float>() * (std::nearbyint(pre[i]) - pre[i]);
  }
  CHECK(scale.grad().item<float>() == Approx(expected_scale_grad).epsilon(1e-4));
  CHECK(offset.grad().item<float>() == Approx(0.25 * (1.0 + 6.0)));
}

TEST_CASE("LinearQuantizer trains: gradients reach data, scale and offset", "[autograd]") {
  auto quantizer = quantizer_with_range(LinearQuantizerOptions(8).symmetric(false), -1.0, 1.0);
  const auto x = torch::randn({16}).requires_grad_();
  quantizer->forward(x).sum().backward();
  CHECK(x.grad().defined());
  CHECK(quantizer->scale.grad().defined());
  CHECK(quantizer->offset.grad().defined());
}

TEST_CASE("DynamicLinearQuantizer equals a LinearQuantizer calibrated on the same batch",
          "[dynamic]") {
  torch::manual_seed(3);
  const auto x = torch::randn({8, 16});
  for (const auto& granularity : {Granularity::per_tensor(), Granularity::per_channel({0})}) {
    ff::nn::DynamicLinearQuantizer dynamic(
        ff::nn::DynamicLinearQuantizerOptions(8).granularity(granularity));
    auto calibrated = std::make_shared<LinearQuantizer>(
        LinearQuantizerOptions(8).symmetric(false).granularity(granularity));
    {
      ffq::EstimateRanges calibrate(*calibrated, ffq::running_min_max());
      calibrated->forward(x);
    }
    CHECK(torch::equal(dynamic.forward(x), calibrated->forward(x)));
  }
  ff::nn::DynamicLinearQuantizer dynamic;
  CHECK_THROWS_AS(dynamic.forward(torch::empty({0})), ff::QuantizationError);
  const auto y = torch::randn({5}).requires_grad_();
  dynamic.forward(y).sum().backward();
  CHECK(torch::equal(y.grad(), torch::ones({5})));
}

TEST_CASE("overrides run most recent first and can be removed", "[override]") {
  auto stub = std::make_shared<ff::nn::QuantizerStub>();
  auto first = stub->register_override(
      [](ff::nn::Quantizer&, const ff::nn::QuantizerCallback&, const at::Tensor&) {
        return torch::full({1}, 100.0);
      });
  auto second = stub->register_override(
      [](ff::nn::Quantizer&, const ff::nn::QuantizerCallback& callback, const at::Tensor& x) {
        return callback(x) * 2;
      });
  CHECK(stub->forward(torch::zeros({1})).item<float>() == 200.0f);
  second.remove();
  CHECK(stub->forward(torch::zeros({1})).item<float>() == 100.0f);
  first.remove();
  CHECK(stub->forward(torch::zeros({1})).item<float>() == 0.0f);
  CHECK(stub->overrides().empty());
}

TEST_CASE("quantizer metadata tags include every prefix", "[metadata]") {
  ff::nn::QuantizerMetadata metadata{"my/tag/input"};
  CHECK(metadata.has_tag("my"));
  CHECK(metadata.has_tag("my/tag"));
  CHECK(metadata.has_tag("my/tag/input"));
  CHECK_FALSE(metadata.has_tag("input"));
  const auto weight = ff::nn::QuantizerMetadata::weight(std::vector<int64_t>{4, 3});
  CHECK(weight.has_tag("parameter"));
  CHECK(ff::nn::QuantizerMetadata{"parameter"}.is_extension(weight));
  CHECK_FALSE(weight.is_extension(ff::nn::QuantizerMetadata{"parameter"}));
}

TEST_CASE("strict mode guard sets and restores the global flag", "[flags]") {
  REQUIRE(ff::get_strict_quantization());
  {
    ff::StrictQuantization relaxed(false);
    CHECK_FALSE(ff::get_strict_quantization());
    {
      ff::StrictQuantization strict(true);
      CHECK(ff::get_strict_quantization());
    }
    CHECK_FALSE(ff::get_strict_quantization());
  }
  CHECK(ff::get_strict_quantization());
}

// Tests of quantized modules, quantizer slots, quantize_model, calibration and save/load.
#include "fastforward/fastforward.h"

#include <catch2/catch.hpp>

#include <unistd.h>

#include <cmath>
#include <limits>
#include <cstdio>
#include <filesystem>
#include <string>

namespace ff = fastforward;
namespace ffq = fastforward::quantization;
namespace F = fastforward::nn::functional;
using ff::nn::LinearQuantizer;
using ff::nn::LinearQuantizerOptions;

namespace {

bool same(const at::Tensor& a, const at::Tensor& b) {
  return a.sizes() == b.sizes() && torch::equal(a, b);
}

std::vector<std::string> names_of(const torch::nn::Module& module) {
  std::vector<std::string> names;
  for (const auto& entry : module.named_modules()) names.push_back(entry.key());
  return names;
}

bool contains(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

std::shared_ptr<LinearQuantizer> linear_quantizer(double min, double max, int64_t bits = 8) {
  auto quantizer = std::make_shared<LinearQuantizer>(LinearQuantizerOptions(bits));
  quantizer->set_quantization_range(min, max);
  return quantizer;
}

double sqnr_db(const at::Tensor& reference, const at::Tensor& approximation) {
  const double signal = reference.pow(2).sum().item<double>();
  const double noise = (reference - approximation).pow(2).sum().item<double>();
  return 10.0 * std::log10(signal / noise);
}

std::string temporary_path(const std::string& stem) {
  return (std::filesystem::temp_directory_path() /
          (stem + "-" + std::to_string(::getpid()) + ".pt"))
      .string();
}

// What ffquant generates for a user module: a QuantizedModule subclass whose untagged stubs are
// registered in the constructor and called through slots in forward.
struct QuantizedTwoLayerImpl : ff::nn::QuantizedModule {
  QuantizedTwoLayerImpl() {
    fc1 = register_module("fc1", ff::nn::QuantizedLinear(4, 8));
    fc2 = register_module("fc2", ff::nn::QuantizedLinear(8, 2));
    quantizer_x = register_quantizer("quantizer_x");
    quantizer_relu = register_quantizer("quantizer_relu");
    quantizer_add = register_quantizer("quantizer_add");
  }
  at::Tensor forward(const at::Tensor& input) {
    auto x = quantizer_x(input);
    auto hidden = F::relu(fc1(x), quantizer_relu);
    auto out = fc2(hidden);
    return F::add(out, 1.0, /*alpha=*/1, quantizer_add);
  }
  ff::nn::QuantizedLinear fc1{nullptr};
  ff::nn::QuantizedLinear fc2{nullptr};
  ff::nn::QuantizerSlot quantizer_x, quantizer_relu, quantizer_add;
};
TORCH_MODULE(QuantizedTwoLayer);

struct FloatTwoLayerImpl : torch::nn::Module {
  FloatTwoLayerImpl() {
    fc1 = register_module("fc1", torch::nn::Linear(4, 8));
    fc2 = register_module("fc2", torch::nn::Linear(8, 2));
  }
  at::Tensor forward(const at::Tensor& x) { return fc2(torch::relu(fc1(x))) + 1.0; }
  torch::nn::Linear fc1{nullptr}, fc2{nullptr};
};
TORCH_MODULE(FloatTwoLayer);

}  // namespace

TEST_CASE("quantized modules with stubs compute what the float modules compute", "[modules]") {
  ff::StrictQuantization strict(true);  // stubs satisfy strict mode in C++
  torch::manual_seed(0);
  const auto image = torch::randn({2, 3, 8, 8});

  auto check = [](auto float_module, auto quantized_module, const at::Tensor& input) {
    CHECK(same(quantized_module->forward(input), float_module->forward(input)));
  };
  {
    torch::nn::Linear f(torch::nn::LinearOptions(5, 4));
    check(f, ff::nn::QuantizedLinear(f), torch::randn({3, 5}));
    torch::nn::Linear no_bias(torch::nn::LinearOptions(5, 4).bias(false));
    ff::nn::QuantizedLinear q(no_bias);
    CHECK_FALSE(q->bias_quantizer);
    check(no_bias, q, torch::randn({3, 5}));
  }
  {
    torch::nn::Conv1d f(torch::nn::Conv1dOptions(3, 4, 3).stride(2).padding(1));
    check(f, ff::nn::QuantizedConv1d(f), torch::randn({2, 3, 9}));
    torch::nn::Conv2d g(torch::nn::Conv2dOptions(3, 4, 3).padding(1).groups(1));
    check(g, ff::nn::QuantizedConv2d(g), image);
    torch::nn::Conv2d same_padding(torch::nn::Conv2dOptions(3, 4, 3).padding(torch::kSame));
    check(same_padding, ff::nn::QuantizedConv2d(same_padding), image);
    torch::nn::Conv2d reflect(
        torch::nn::Conv2dOptions(3, 4, 3).padding(1).padding_mode(torch::kReflect));
    check(reflect, ff::nn::QuantizedConv2d(reflect), image);
    torch::nn::Conv3d h(torch::nn::Conv3dOptions(3, 2, 2));
    check(h, ff::nn::QuantizedConv3d(h), torch::randn({1, 3, 4, 4, 4}));
  }
  {
    torch::nn::ConvTranspose1d f(torch::nn::ConvTranspose1dOptions(3, 2, 3).stride(2));
    check(f, ff::nn::QuantizedConvTranspose1d(f), torch::randn({2, 3, 7}));
    torch::nn::ConvTranspose2d g(
        torch::nn::ConvTranspose2dOptions(3, 2, 3).stride(2).padding(1).output_padding(1));
    check(g, ff::nn::QuantizedConvTranspose2d(g), image);
  }
  {
    torch::nn::BatchNorm2d f(3);
    ff::nn::QuantizedBatchNorm2d q(torch::nn::BatchNorm2dOptions(3));
    // Training mode updates running statistics identically.
    check(f, q, image);
    CHECK(torch::allclose(f->running_mean, q->running_mean));
    f->eval();
    q->eval();
    check(f, q, image);
    torch::nn::BatchNorm1d g(5);
    g->eval();
    check(g, ff::nn::QuantizedBatchNorm1d(g), torch::randn({4, 5}));
  }
  {
    torch::nn::LayerNorm f(torch::nn::LayerNormOptions({8}));
    check(f, ff::nn::QuantizedLayerNorm(f), image);
    torch::nn::Embedding e(10, 3);
    check(e, ff::nn::QuantizedEmbedding(e), torch::tensor({1, 5, 9}, torch::kLong));
  }
  check(torch::nn::ReLU(), ff::nn::QuantizedReLU(), image);
  check(torch::nn::GELU(), ff::nn::QuantizedGELU(), image);
  check(torch::nn::SiLU(), ff::nn::QuantizedSiLU(), image);
  check(torch::nn::Sigmoid(), ff::nn::QuantizedSigmoid(), image);
  check(torch::nn::Softmax(1), ff::nn::QuantizedSoftmax(1), image);
  check(torch::nn::MaxPool2d(torch::nn::MaxPool2dOptions(2)), ff::nn::QuantizedMaxPool2d(2),
        image);
  check(torch::nn::AvgPool2d(torch::nn::AvgPool2dOptions(2)), ff::nn::QuantizedAvgPool2d(2),
        image);
  check(torch::nn::AdaptiveAvgPool2d(1), ff::nn::QuantizedAdaptiveAvgPool2d(1), image);
  torch::nn::Dropout dropout(0.5);
  dropout->eval();
  ff::nn::QuantizedDropout quantized_dropout(dropout);
  quantized_dropout->eval();
  check(dropout, quantized_dropout, image);
}

TEST_CASE("a quantized module is its float module: same parameters, names and type",
          "[modules]") {
  torch::nn::Linear f(3, 2);
  ff::nn::QuantizedLinear q(f);
  // Shared parameters: the very same tensors, so a float update is seen by the quantized module.
  CHECK(q->weight.is_same(f->weight));
  CHECK(q->named_parameters()["weight"].is_same(f->weight));
  CHECK(q->named_parameters().size() == 2);
  std::shared_ptr<torch::nn::Module> as_module = q.ptr();
  CHECK(as_module->as<torch::nn::Linear>() != nullptr);
  CHECK(as_module->as<ff::nn::QuantizedLinear>() != nullptr);

  const auto names = names_of(*q);
  CHECK(names == std::vector<std::string>{"", "input_quantizer", "weight_quantizer",
                                          "bias_quantizer", "output_quantizer"});
  CHECK(q->weight_quantizer->quant_metadata->has_tag("parameter/weight"));
  CHECK(q->weight_quantizer->quant_metadata->shape == std::vector<int64_t>{2, 3});
  CHECK(q->input_quantizer->quant_metadata->has_tag("activation/input"));
  std::ostringstream printed;
  printed << *q;
  CHECK(printed.str().rfind("fastforward::nn::QuantizedLinear(in_features=3", 0) == 0);
}

TEST_CASE("replacing a stub by name is seen by forward and by named_modules", "[slots]") {
  QuantizedTwoLayer model;
  const auto x = torch::randn({5, 4});
  const auto with_stubs = model->forward(x);

  auto quantizer = linear_quantizer(-0.5, 0.5, 3);
  ff::nn::set_quantizer(*model, "quantizer_relu", quantizer);
  CHECK(model->quantizer_relu.get() == quantizer.get());
  CHECK(model->named_modules()["quantizer_relu"].get() == quantizer.get());
  CHECK_FALSE(same(model->forward(x), with_stubs));

  // Nested path into a standard module, and the replacement keeps the stub's tags.
  auto weight_quantizer = linear_quantizer(-1, 1, 4);
  ff::nn::set_quantizer(*model, "fc1.weight_quantizer", weight_quantizer);
  CHECK(model->fc1->weight_quantizer.get() == weight_quantizer.get());
  CHECK(model->named_modules()["fc1.weight_quantizer"].get() == weight_quantizer.get());
  CHECK(weight_quantizer->quant_metadata->has_tag("parameter/weight"));

  const auto quantizers = ff::nn::named_quantizers(*model);
  // named_modules() order: fc1 was registered before quantizer_relu.
  REQUIRE(quantizers.size() == 2);
  CHECK(quantizers[0].first == "fc1.weight_quantizer");
  CHECK(quantizers[1].first == "quantizer_relu");

  // Emptying a slot makes it pass data through; a direct replace_module is repaired by sync.
  model->set_quantizer("quantizer_relu", nullptr);
  CHECK_FALSE(model->quantizer_relu);
  model->set_quantizer("quantizer_relu", std::make_shared<ff::nn::QuantizerStub>());
  model->replace_module("quantizer_relu", quantizer);
  model->sync_quantizer_slots();
  CHECK(model->quantizer_relu.get() == quantizer.get());
}

TEST_CASE("generated-style module with stubs matches its float twin, float weights load by name",
          "[slots][save_load]") {
  FloatTwoLayer float_model;
  QuantizedTwoLayer quantized;
  const auto path = temporary_path("float-two-layer");
  torch::save(float_model, path);
  ffq::load_float_checkpoint(*quantized, path);
  std::remove(path.c_str());
  const auto x = torch::randn({6, 4});
  CHECK(same(quantized->forward(x), float_model->forward(x)));
}

TEST_CASE("disable and enable quantization guards nest", "[flags]") {
  QuantizedTwoLayer model;
  auto quantizer = linear_quantizer(-0.5, 0.5, 2);
  model->fc1->set_quantizer("output_quantizer", quantizer);
  const auto x = torch::randn({5, 4});
  const auto quantized = model->forward(x);
  {
    ffq::DisableQuantization disabled(*model);
    CHECK_FALSE(ff::get_strict_quantization());
    const auto float_out = model->forward(x);
    CHECK_FALSE(same(float_out, quantized));
    {
      ffq::EnableQuantization enabled(*model->fc1);
      CHECK(same(model->forward(x), quantized));
    }
    CHECK(same(model->forward(x), float_out));
  }
  CHECK(ff::get_strict_quantization());
  CHECK(same(model->forward(x), quantized));
}

TEST_CASE("quantize_model converts containers in place and rejects unknown modules",
          "[quantize_model]") {
  torch::nn::Sequential sequential(torch::nn::Linear(4, 4), torch::nn::ReLU(),
                                   torch::nn::LSTM(4, 4));
  torch::nn::ModuleList list(torch::nn::Linear(2, 2), torch::nn::Sequential(torch::nn::GELU()));
  torch::nn::ModuleDict dict(std::vector<std::pair<std::string, std::shared_ptr<torch::nn::Module>>>{
      {"proj", torch::nn::Linear(2, 2).ptr()}});
  const auto first_weight = sequential[0]->as<torch::nn::Linear>()->weight;

  ff::nn::quantize_model(sequential);
  CHECK(sequential[0]->as<ff::nn::QuantizedLinear>() != nullptr);
  CHECK(sequential[0]->as<torch::nn::Linear>()->weight.is_same(first_weight));
  CHECK(sequential[1]->as<ff::nn::QuantizedReLU>() != nullptr);
  CHECK(sequential[2]->as<torch::nn::LSTM>() != nullptr);  // passed through
  CHECK(contains(names_of(*sequential), "0.weight_quantizer"));

  ff::nn::quantize_model(list);
  CHECK(list[0]->as<ff::nn::QuantizedLinear>() != nullptr);
  CHECK(list[1]->as<torch::nn::Sequential>()->ptr(0)->as<ff::nn::QuantizedGELU>() != nullptr);
  ff::nn::quantize_model(dict);
  CHECK(dict["proj"]->as<ff::nn::QuantizedLinear>() != nullptr);

  auto root = ff::nn::quantize_model(torch::nn::Linear(2, 2));
  CHECK(root->as<ff::nn::QuantizedLinear>() != nullptr);

  FloatTwoLayer custom;
  torch::nn::Sequential with_custom(torch::nn::Linear(4, 4), custom);
  CHECK_THROWS_AS(ff::nn::quantize_model(with_custom), ff::QuantizationError);
  CHECK(with_custom[0]->as<ff::nn::QuantizedLinear>() == nullptr);  // nothing changed
  ff::nn::QuantizeModelOptions skip_custom;
  skip_custom.extra_conversion({{typeid(FloatTwoLayerImpl), nullptr}});
  CHECK_NOTHROW(ff::nn::quantize_model(with_custom, skip_custom));
}

TEST_CASE("an 8-bit calibrated CNN stays close to its float output", "[quantize_model][sqnr]") {
  torch::manual_seed(42);
  torch::nn::Sequential cnn(
      torch::nn::Conv2d(torch::nn::Conv2dOptions(3, 8, 3).padding(1)), torch::nn::BatchNorm2d(8),
      torch::nn::ReLU(), torch::nn::MaxPool2d(2),
      torch::nn::Conv2d(torch::nn::Conv2dOptions(8, 16, 3).padding(1)), torch::nn::ReLU(),
      torch::nn::AdaptiveAvgPool2d(1), torch::nn::Flatten(), torch::nn::Linear(16, 10));
  cnn->eval();
  const auto input = torch::randn({16, 3, 16, 16});
  torch::NoGradGuard no_grad;
  const auto reference = cnn->forward(input);

  ff::nn::quantize_model(cnn);
  CHECK(same(cnn->forward(input), reference));  // all stubs: exactly the float model

  // 8-bit per-channel weights, 8-bit asymmetric activations on every quantizer slot.
  for (const auto& [path, stub] : ff::nn::named_quantizers(*cnn, /*skip_stubs=*/false)) {
    if (stub->quant_metadata->has_tag("parameter/bias")) continue;
    const bool is_weight = stub->quant_metadata->has_tag("parameter/weight");
    auto options = is_weight ? LinearQuantizerOptions(8).granularity(
                                   ffq::Granularity::per_channel({0}))
                             : LinearQuantizerOptions(8).symmetric(false);
    ff::nn::set_quantizer(*cnn, path, std::make_shared<LinearQuantizer>(options));
  }
  {
    ffq::EstimateRanges calibrate(*cnn, ffq::running_min_max());
    for (int batch = 0; batch < 4; ++batch) cnn->forward(torch::randn({16, 3, 16, 16}));
  }
  const auto quantized = cnn->forward(input);
  const double sqnr = sqnr_db(reference, quantized);
  INFO("SQNR " << sqnr << " dB");
  // Why 30 dB: one 8-bit quantizer over a signal that fills its range gives
  // 6.02 * 8 + 1.76 = 50 dB; activations that fill their min-max range less well lose ~5-10 dB,
  // and the errors of the ~12 quantizers along the network add up (another ~10 dB), while the
  // convolution sums and the global average pool average independent errors back down. So 8-bit
  // quantization should land between 30 and 50 dB (this seed measures ~45 dB). A real fault
  // (wrong scale, offset sign, tiling, an unquantized path) or 4-bit precision (~24 dB less) falls
  // below 30 dB.
  CHECK(sqnr > 30.0);

  // 4 bits must be clearly worse than 8: the quantizers really act.
  auto coarse = linear_quantizer(-4, 4, 4);
  ff::nn::set_quantizer(*cnn, "8.input_quantizer", coarse);
  CHECK(sqnr_db(reference, cnn->forward(input)) < sqnr);
}

TEST_CASE("quantizer state round-trips through a file into a fresh model", "[save_load]") {
  torch::manual_seed(5);
  auto configure = [](QuantizedTwoLayer& model) {
    model->set_quantizer("quantizer_relu", std::make_shared<LinearQuantizer>(
                                               LinearQuantizerOptions(8).symmetric(false)));
    model->fc2->set_quantizer(
        "weight_quantizer",
        std::make_shared<LinearQuantizer>(
            LinearQuantizerOptions(4).granularity(ffq::Granularity::per_channel({0}))));
  };
  QuantizedTwoLayer source;
  configure(source);
  {
    ffq::EstimateRanges calibrate(*source, ffq::running_min_max());
    source->forward(torch::randn({32, 4}));
  }
  const auto state = ffq::quantizer_state_dict(*source);
  CHECK(state.count("quantizer_relu.scale") == 1);
  CHECK(state.count("quantizer_relu.offset") == 1);
  CHECK(state.at("fc2.weight_quantizer.scale").numel() == 2);

  const auto x = torch::randn({8, 4});

  SECTION("quantizer state only, into lazy quantizers") {
    QuantizedTwoLayer target;
    configure(target);
    {
      torch::NoGradGuard no_grad;
      for (const auto& layer : {std::string("fc1"), std::string("fc2")}) {
        for (const auto& name : {std::string("weight"), std::string("bias")}) {
          target->named_parameters()[layer + "." + name].copy_(
              source->named_parameters()[layer + "." + name]);
        }
      }
    }
    const auto path = temporary_path("quantizer-state");
    ffq::save_quantizer_state(*source, path);
    ffq::load_quantizer_state(*target, path);
    std::remove(path.c_str());
    CHECK(same(target->forward(x), source->forward(x)));
  }
  SECTION("the whole model with torch::save / torch::load") {
    QuantizedTwoLayer target;
    configure(target);
    const auto path = temporary_path("quantized-model");
    torch::save(source, path);
    torch::load(target, path);
    std::remove(path.c_str());
    CHECK(same(target->forward(x), source->forward(x)));
  }
  SECTION("keys that match no quantizer are reported") {
    QuantizedTwoLayer target;
    const auto path = temporary_path("quantizer-state-mismatch");
    ffq::save_quantizer_state(*source, path);
    CHECK_THROWS_AS(ffq::load_quantizer_state(*target, path), ff::QuantizationError);
    std::remove(path.c_str());
  }
}

namespace docs_example {
// Kept identical to the complete example of docs/runtime.md.
struct QuantizedNetImpl : ff::nn::QuantizedModule {
  QuantizedNetImpl() {
    conv = register_module(
        "conv", ff::nn::QuantizedConv2d(torch::nn::Conv2dOptions(3, 8, 3).padding(1)));
    fc = register_module("fc", ff::nn::QuantizedLinear(8, 10));
    quantizer_x = register_quantizer("quantizer_x", ff::nn::QuantizerMetadata::input());
    quantizer_relu = register_quantizer("quantizer_relu", ff::nn::QuantizerMetadata::output());
    quantizer_sum = register_quantizer("quantizer_sum", ff::nn::QuantizerMetadata::output());
  }
  at::Tensor forward(at::Tensor x) {
    x = quantizer_x(x);
    x = F::relu(conv(x), quantizer_relu);
    x = F::sum(x, std::vector<int64_t>{2, 3}, quantizer_sum);
    return fc(x);
  }
  ff::nn::QuantizedConv2d conv{nullptr};
  ff::nn::QuantizedLinear fc{nullptr};
  ff::nn::QuantizerSlot quantizer_x, quantizer_relu, quantizer_sum;
};
TORCH_MODULE(QuantizedNet);

// The float model the example starts from.
struct NetImpl : torch::nn::Module {
  NetImpl() {
    conv = register_module("conv", torch::nn::Conv2d(torch::nn::Conv2dOptions(3, 8, 3).padding(1)));
    fc = register_module("fc", torch::nn::Linear(8, 10));
  }
  at::Tensor forward(at::Tensor x) { return fc(torch::relu(conv(x)).sum({2, 3})); }
  torch::nn::Conv2d conv{nullptr};
  torch::nn::Linear fc{nullptr};
};
TORCH_MODULE(Net);
}  // namespace docs_example

TEST_CASE("docs/runtime.md example", "[docs]") {
  using docs_example::QuantizedNet;
  docs_example::Net float_net;
  const auto float_checkpoint = temporary_path("docs-float");
  const auto state_path = temporary_path("docs-state");
  torch::save(float_net, float_checkpoint);

  QuantizedNet net;
  // Float weights load by name (the checkpoint of the float NetImpl).
  ff::quantization::load_float_checkpoint(*net, float_checkpoint);

  // Configure by tag queries (docs/configuration.md): 8-bit per-channel weights, 8-bit
  // asymmetric activations; no rule matches the bias quantizers, so biases stay float.
  ff::quantization::QuantizationConfig config;
  config
      .add_rule("**/[qtag:parameter/weight]",
                ff::quantization::quantizer_factory<ff::nn::LinearQuantizer>(
                    ff::nn::LinearQuantizerOptions(8).granularity(
                        ff::quantization::Granularity::per_channel({0}))))
      .add_rule("**/[qtag:activation]",
                ff::quantization::quantizer_factory<ff::nn::LinearQuantizer>(
                    ff::nn::LinearQuantizerOptions(8).symmetric(false)));
  config.initialize(net);

  // Calibrate on a few batches.
  {
    torch::NoGradGuard no_grad;
    ff::quantization::EstimateRanges calibrate(*net, ff::quantization::running_min_max());
    for (int batch = 0; batch < 4; ++batch) net(torch::randn({8, 3, 16, 16}));
  }

  // Run quantized, and compare against the float computation of the same module.
  const auto input = torch::randn({2, 3, 16, 16});
  const auto quantized = net(input);
  at::Tensor unquantized;
  {
    ff::quantization::DisableQuantization float_run(*net);
    unquantized = net(input);
  }

  // Keep the calibration.
  ff::quantization::save_quantizer_state(*net, state_path);

  CHECK(ff::nn::named_quantizers(*net).size() == 9);  // all but the two bias stubs
  CHECK(same(unquantized, float_net(input)));
  CHECK(sqnr_db(unquantized, quantized) > 30.0);
  QuantizedNet reloaded;
  for (const auto& [path, quantizer] : ff::nn::named_quantizers(*net)) {
    auto linear = std::dynamic_pointer_cast<LinearQuantizer>(quantizer);
    ff::nn::set_quantizer(*reloaded, path, std::make_shared<LinearQuantizer>(linear->options));
  }
  ffq::load_float_checkpoint(*reloaded, float_checkpoint);
  ffq::load_quantizer_state(*reloaded, state_path);
  CHECK(same(reloaded(input), quantized));
  std::remove(float_checkpoint.c_str());
  std::remove(state_path.c_str());
}

TEST_CASE("quantization-aware training: loss falls and quantizer scales learn", "[autograd]") {
  torch::manual_seed(11);
  ff::nn::QuantizedLinear layer(8, 1);
  layer->set_quantizer("weight_quantizer", std::make_shared<LinearQuantizer>(
                                               LinearQuantizerOptions(4)));
  const auto inputs = torch::randn({64, 8});
  const auto targets = inputs.matmul(torch::linspace(-1, 1, 8)).unsqueeze(1);
  {
    torch::NoGradGuard no_grad;
    ffq::EstimateRanges calibrate(*layer, ffq::running_min_max());
    layer(inputs);
  }
  const auto initial_scale = layer->weight_quantizer.shared()->named_parameters()["scale"].clone();
  torch::optim::SGD optimizer(layer->parameters(), torch::optim::SGDOptions(0.05));
  auto loss_of = [&] { return torch::mse_loss(layer(inputs), targets); };
  const double initial_loss = loss_of().item<double>();
  for (int step = 0; step < 50; ++step) {
    optimizer.zero_grad();
    loss_of().backward();
    optimizer.step();
  }
  CHECK(loss_of().item<double>() < 0.1 * initial_loss);
  CHECK_FALSE(torch::equal(layer->weight_quantizer.shared()->named_parameters()["scale"],
                           initial_scale));
}

TEST_CASE("smoothed min-max follows the last batches; running min-max only widens",
          "[range_setting]") {
  auto smoothed = std::make_shared<LinearQuantizer>(LinearQuantizerOptions(8).symmetric(false));
  auto running = std::make_shared<LinearQuantizer>(LinearQuantizerOptions(8).symmetric(false));
  const auto wide = torch::tensor({-4.0f, 4.0f});
  const auto narrow = torch::tensor({-1.0f, 1.0f});
  for (const auto& batch : {wide, narrow}) {
    ffq::EstimateRanges last_batch(*smoothed, ffq::min_max());
    ffq::EstimateRanges widening(*running, ffq::running_min_max());
    smoothed->forward(batch);
    running->forward(batch);
  }
  CHECK(smoothed->quantization_range().second.item<float>() == Approx(1.0).margin(1e-5));
  CHECK(running->quantization_range().second.item<float>() == Approx(4.0).margin(1e-5));
  CHECK_THROWS_AS(
      [&] {
        ffq::EstimateRanges calibrate(*running, ffq::running_min_max());
        running->forward(torch::tensor({1.0f, INFINITY}));
      }(),
      ff::QuantizationError);
  auto dynamic = std::make_shared<ff::nn::DynamicLinearQuantizer>();
  CHECK_THROWS_AS(ffq::EstimateRanges(*dynamic, ffq::running_min_max()), ff::QuantizationError);
}

TEST_CASE("quantized modules take the float modules' constructor arguments", "[modules]") {
  // Generated code only renames the type: torch::nn::X(args) becomes fastforward::nn::QuantizedX(args).
  ff::nn::QuantizedConv2d conv(3, 8, 3);
  ff::nn::QuantizedConv1d conv1d(3, 8, 3);
  ff::nn::QuantizedConvTranspose2d transposed(8, 3, 2);
  torch::nn::ConvTranspose2d float_strided(torch::nn::ConvTranspose2dOptions(8, 3, 2).stride(2));
  ff::nn::QuantizedConvTranspose2d strided(float_strided);
  ff::nn::QuantizedBatchNorm2d norm(8);
  ff::nn::QuantizedLayerNorm layer_norm(torch::nn::LayerNormOptions({8}).elementwise_affine(false));
  ff::nn::QuantizedEmbedding embedding(10, 3);
  ff::nn::QuantizedDropout dropout(0.25);
  ff::nn::QuantizedSoftmax softmax(1);
  ff::nn::QuantizedMaxPool2d pool(torch::nn::MaxPool2dOptions(2).stride(2));
  ff::nn::QuantizedReLU relu(torch::nn::ReLUOptions().inplace(true));
  torch::nn::Sequential sequential(conv, norm, relu, pool);
  const auto x = torch::randn({1, 3, 8, 8});
  CHECK(sequential->forward(x).sizes() == std::vector<int64_t>{1, 8, 3, 3});
  CHECK_FALSE(relu->options.inplace());  // the caller's tensor is never overwritten
  CHECK_FALSE(layer_norm->weight_quantizer);
  CHECK(conv->weight.sizes() == std::vector<int64_t>{8, 3, 3, 3});
  CHECK(embedding->weight_quantizer->quant_metadata->shape == std::vector<int64_t>{10, 3});
  CHECK(dropout->options.p() == 0.25);
  CHECK(softmax->options.dim() == 1);
  CHECK(transposed->forward(torch::randn({1, 8, 4, 4})).size(2) == 5);
  // An explicit output size picks the output padding as LibTorch does.
  const auto small = torch::randn({1, 8, 4, 4});
  const std::vector<int64_t> output_size = {9, 9};
  CHECK(same(strided->forward(small, output_size), float_strided->forward(small, output_size)));
  CHECK_THROWS(strided->forward(small, std::vector<int64_t>{11, 11}));
  CHECK(conv1d->forward(torch::randn({1, 3, 5})).size(2) == 3);
}

namespace {
double squared_error(const at::Tensor& a, const at::Tensor& b) { return (a - b).square().sum().item<double>(); }

std::shared_ptr<LinearQuantizer> calibrated(LinearQuantizerOptions options,
                                            std::shared_ptr<ffq::RangeEstimator> estimator,
                                            const std::vector<at::Tensor>& batches) {
  auto quantizer = std::make_shared<LinearQuantizer>(options);
  torch::NoGradGuard no_grad;
  ffq::EstimateRanges calibrate(*quantizer, std::move(estimator));
  for (const auto& batch : batches) quantizer->forward(batch);
  return quantizer;
}
}  // namespace

TEST_CASE("min-error grid: outliers no longer stretch the range", "[range_setting]") {
  torch::manual_seed(3);
  auto data = torch::randn({4000});
  data.index_put_({torch::arange(0, 4000, 1000)}, torch::tensor({40.0f, -40.0f, 35.0f, -38.0f}));
  const auto options = LinearQuantizerOptions(4);
  auto by_min_max = calibrated(options, ffq::running_min_max(), {data});
  auto by_grid = calibrated(options, ffq::min_error_grid(), {data});
  CHECK(by_min_max->quantization_range().second.item<float>() == Approx(40.0f));
  // The grid clips the four outliers to resolve the bulk better: less total error.
  CHECK(by_grid->quantization_range().second.item<float>() < 20.0f);
  const double grid_error = squared_error(by_grid->quantize(data), data);
  CHECK(grid_error < 0.9 * squared_error(by_min_max->quantize(data), data));
  // And it is the best of its candidates: symmetric ranges k/100 * M, M the widened bound.
  const double bound = std::max(std::abs(data.min().item<double>() - 0.5), data.max().item<double>() + 0.5);
  LinearQuantizer probe(options);
  double best = std::numeric_limits<double>::infinity();
  for (int k = 1; k <= 100; ++k) {
    probe.set_quantization_range(-k / 100.0 * bound, k / 100.0 * bound);
    best = std::min(best, squared_error(probe.quantize(data), data));
  }
  CHECK(grid_error == Approx(best).epsilon(1e-6));
}

TEST_CASE("min-error grid: per-channel ranges, one-sided data, sums over batches", "[range_setting]") {
  torch::manual_seed(4);
  SECTION("each channel gets its own candidate") {
    auto data = torch::randn({2, 512});
    data[1] *= 10;
    auto q = calibrated(LinearQuantizerOptions(8).granularity(ffq::Granularity::per_channel({0})),
                        ffq::min_error_grid(), {data});
    const auto upper = q->quantization_range().second;
    REQUIRE(upper.numel() == 2);
    CHECK(upper[1].item<float>() > 5 * upper[0].item<float>());
  }
  SECTION("data without negative values gets ranges starting at zero") {
    auto data = torch::rand({1000}) * 2 + 1;  // [1, 3)
    auto q = calibrated(LinearQuantizerOptions(8).symmetric(false), ffq::min_error_grid(), {data});
    CHECK(q->quantization_range().first.item<float>() == 0.0f);
    CHECK(q->quantization_range().second.item<float>() >= 2.9f);
  }
  SECTION("asymmetric data with negatives: the 2-D grid, with a candidate count that is not a square") {
    auto data = torch::randn({1000}) + 1;
    auto q = calibrated(LinearQuantizerOptions(4).symmetric(false), ffq::min_error_grid(50), {data});
    auto [lower, upper] = q->quantization_range();
    const double lo = data.min().item<double>() - 0.5, hi = data.max().item<double>() + 0.5;
    CHECK(lower.item<double>() <= 0.6 * lo + 1e-4);  // lower factors run from 1 down to 0.6
    CHECK(lower.item<double>() >= lo - 1e-4);
    CHECK(upper.item<double>() >= 0.6 * hi - 1e-4);
    CHECK(upper.item<double>() <= hi + 1e-4);
  }
  SECTION("errors add up over batches: two batches choose what their concatenation chooses") {
    // The grid comes from the first batch; the second stays inside its range.
    auto first = torch::randn({600});
    auto second = first.flip(0) * 0.5;
    auto in_two = calibrated(LinearQuantizerOptions(3), ffq::min_error_grid(), {first, second});
    auto in_one = calibrated(LinearQuantizerOptions(3), ffq::min_error_grid(), {torch::cat({first, second})});
    CHECK(torch::equal(in_two->quantization_range().second, in_one->quantization_range().second));
  }
}

// Benchmark of the fastforward runtime against its float baselines, measured side by side:
// a stub-only quantized ResNet-style model vs the same float model, and LinearQuantizer vs ATen's
// fused fake-quantization kernels on the same tensor. Prints ratios (quantized / baseline).
#include "fastforward/fastforward.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <vector>

namespace ff = fastforward;
namespace F = fastforward::nn::functional;

namespace {

using Clock = std::chrono::steady_clock;

// Fastest round's seconds per call of `first` and `second` (the minimum is the estimate least
// disturbed by other processes on a shared machine), measured in alternating rounds (and alternating
// which goes first) so that load from other processes and warm-up effects affect both alike.
std::pair<double, double> time_pair(const std::function<void()>& first,
                                    const std::function<void()>& second, int rounds,
                                    int calls_per_round) {
  for (int i = 0; i < 3; ++i) {
    first();
    second();
  }
  std::vector<double> first_times, second_times;
  auto measure = [calls_per_round](const std::function<void()>& run) {
    const auto start = Clock::now();
    for (int i = 0; i < calls_per_round; ++i) run();
    return std::chrono::duration<double>(Clock::now() - start).count() / calls_per_round;
  };
  for (int round = 0; round < rounds; ++round) {
    if (round % 2 == 0) {
      first_times.push_back(measure(first));
      second_times.push_back(measure(second));
    } else {
      second_times.push_back(measure(second));
      first_times.push_back(measure(first));
    }
  }
  return {*std::min_element(first_times.begin(), first_times.end()),
          *std::min_element(second_times.begin(), second_times.end())};
}

void report(const char* what, const char* baseline, double baseline_seconds, const char* candidate,
            double candidate_seconds) {
  std::printf("%-50s %-10s %9.4f ms   %-20s %9.4f ms   ratio %.3f\n", what, baseline,
              baseline_seconds * 1e3, candidate, candidate_seconds * 1e3,
              candidate_seconds / baseline_seconds);
}

// ResNet basic block, float.
struct FloatBlockImpl : torch::nn::Module {
  explicit FloatBlockImpl(int64_t channels, bool in_place_residual = true)
      : in_place_residual(in_place_residual),
        conv1(torch::nn::Conv2dOptions(channels, channels, 3).padding(1).bias(false)),
        bn1(channels),
        conv2(torch::nn::Conv2dOptions(channels, channels, 3).padding(1).bias(false)),
        bn2(channels) {
    register_module("conv1", conv1);
    register_module("bn1", bn1);
    register_module("conv2", conv2);
    register_module("bn2", bn2);
  }
  at::Tensor forward(const at::Tensor& x) {
    auto out = torch::relu(bn1(conv1(x)));
    out = bn2(conv2(out));
    if (in_place_residual) {
      out += x;
    } else {
      out = out + x;
    }
    return torch::relu(out);
  }
  bool in_place_residual;
  torch::nn::Conv2d conv1;
  torch::nn::BatchNorm2d bn1;
  torch::nn::Conv2d conv2;
  torch::nn::BatchNorm2d bn2;
};
TORCH_MODULE(FloatBlock);

// The same block as ffquant generates it: quantized children sharing the float parameters, stubs
// for the input, the functional relus and the residual add.
struct QuantizedBlockImpl : ff::nn::QuantizedModule {
  explicit QuantizedBlockImpl(const FloatBlockImpl& source)
      : conv1(source.conv1), bn1(source.bn1), conv2(source.conv2), bn2(source.bn2) {
    register_module("conv1", conv1);
    register_module("bn1", bn1);
    register_module("conv2", conv2);
    register_module("bn2", bn2);
    quantizer_x = register_quantizer("quantizer_x");
    quantizer_relu = register_quantizer("quantizer_relu");
    quantizer_add = register_quantizer("quantizer_add");
    quantizer_relu_1 = register_quantizer("quantizer_relu_1");
  }
  at::Tensor forward(const at::Tensor& input) {
    const auto x = quantizer_x(input);
    auto out = F::relu(bn1(conv1(x)), quantizer_relu);
    out = bn2(conv2(out));
    out = F::add(out, x, 1, quantizer_add);
    return F::relu(out, quantizer_relu_1);
  }
  ff::nn::QuantizedConv2d conv1;
  ff::nn::QuantizedBatchNorm2d bn1;
  ff::nn::QuantizedConv2d conv2;
  ff::nn::QuantizedBatchNorm2d bn2;
  ff::nn::QuantizerSlot quantizer_x, quantizer_relu, quantizer_add, quantizer_relu_1;
};
TORCH_MODULE(QuantizedBlock);

torch::nn::Sequential float_resnet(int64_t channels, int blocks, bool in_place_residual) {
  torch::nn::Sequential net(
      torch::nn::Conv2d(torch::nn::Conv2dOptions(3, channels, 3).padding(1).bias(false)),
      torch::nn::BatchNorm2d(channels), torch::nn::ReLU());
  for (int i = 0; i < blocks; ++i) net->push_back(FloatBlock(channels, in_place_residual));
  net->push_back(torch::nn::AdaptiveAvgPool2d(1));
  net->push_back(torch::nn::Flatten());
  net->push_back(torch::nn::Linear(channels, 10));
  return net;
}

// Standard modules via quantize_model, residual blocks via their generated-style counterpart.
// The float model is left as it is: the conversion runs on a new Sequential holding its modules.
torch::nn::Sequential quantized_resnet(const torch::nn::Sequential& float_net) {
  torch::nn::Sequential net;
  for (const auto& element : *float_net) net->push_back(element);
  ff::nn::QuantizeModelOptions options;
  options.extra_conversion({{typeid(FloatBlockImpl),
                             [](const std::shared_ptr<torch::nn::Module>& module) {
                               QuantizedBlock block(dynamic_cast<const FloatBlockImpl&>(*module));
                               return ff::nn::ConvertedModule{block.ptr(),
                                                              torch::nn::AnyModule(block)};
                             }}});
  ff::nn::quantize_model(net, options);
  return net;
}

void bench_models(int rounds) {
  torch::NoGradGuard no_grad;
  ff::StrictQuantization strict(true);
  const auto input = torch::randn({8, 3, 32, 32});
  // The rewrite turns the residual `out += x` into an out-of-place `add`; the second row runs a
  // float model written with `out = out + x` to show what that alone costs.
  for (bool in_place_residual : {true, false}) {
    torch::manual_seed(0);
    auto float_net = float_resnet(32, 4, in_place_residual);
    float_net->eval();
    auto quantized_net = quantized_resnet(float_net);
    quantized_net->eval();
    if (!torch::equal(float_net->forward(input), quantized_net->forward(input))) {
      std::fprintf(stderr, "stub-only quantized model does not match the float model\n");
      std::exit(1);
    }
    const auto [float_time, quantized_time] =
        time_pair([&] { float_net->forward(input); }, [&] { quantized_net->forward(input); },
                  rounds, 5);
    report(in_place_residual ? "ResNet-style, 4 blocks, 8x3x32x32 (out += x)"
                             : "ResNet-style, 4 blocks, 8x3x32x32 (out = out + x)",
           "float", float_time, "stub-only quantized", quantized_time);
  }
}

// The fixed cost a quantized model adds per op: a functional op with a stub output quantizer vs the
// bare ATen op, and a stub slot call vs nothing, on a one-element tensor where that cost dominates.
void bench_call_overhead(int rounds) {
  torch::NoGradGuard no_grad;
  ff::StrictQuantization strict(true);
  struct Holder : ff::nn::QuantizedModule {
    Holder() { quantizer_relu = register_quantizer("quantizer_relu"); }
    ff::nn::QuantizerSlot quantizer_relu;
  };
  auto holder = std::make_shared<Holder>();
  const auto tiny = torch::randn({1});
  const auto [aten, ours] = time_pair([&] { at::relu(tiny); },
                                      [&] { F::relu(holder->quantizer_relu(tiny), holder->quantizer_relu); },
                                      rounds, 20000);
  report("per-op overhead: relu on 1 element", "at::relu", aten, "slot + F::relu + slot", ours);
  std::printf("  -> %.0f ns added per quantized op (two stub calls and the strict check)\n",
              (ours - aten) * 1e9);
}

void bench_quantizers(int rounds) {
  torch::NoGradGuard no_grad;
  const auto x = torch::randn({64, 64, 16, 16});  // 1M floats
  const double scale = std::ldexp(1.0, -5);

  auto per_tensor = std::make_shared<ff::nn::LinearQuantizer>(ff::nn::LinearQuantizerOptions(8));
  per_tensor->set_quantization_range(-128 * scale, 127 * scale);
  {
    const auto [aten, ours] = time_pair(
        [&] { at::fake_quantize_per_tensor_affine(x, scale, 0, -128, 127); },
        [&] { per_tensor->forward(x); }, rounds, 20);
    report("fake quant per tensor, 1M floats", "ATen fused", aten, "LinearQuantizer", ours);
  }

  auto per_channel = std::make_shared<ff::nn::LinearQuantizer>(
      ff::nn::LinearQuantizerOptions(8).granularity(ff::quantization::Granularity::per_channel({1})));
  per_channel->set_quantization_range(torch::full({64}, -128 * scale),
                                      torch::full({64}, 127 * scale));
  const auto scales = per_channel->scale.detach().clone();
  const auto zero_points = torch::zeros({64}, torch::kInt);
  {
    const auto [aten, ours] = time_pair(
        [&] { at::fake_quantize_per_channel_affine(x, scales, zero_points, 1, -128, 127); },
        [&] { per_channel->forward(x); }, rounds, 20);
    report("fake quant per channel (axis 1), 1M floats", "ATen fused", aten, "LinearQuantizer",
           ours);
  }
  {
    // With gradients (QAT): both sides build their autograd graph.
    torch::AutoGradMode grad_mode(true);
    const auto trainable = x.clone().requires_grad_();
    const auto [aten, ours] = time_pair(
        [&] { at::fake_quantize_per_tensor_affine(trainable, scale, 0, -128, 127); },
        [&] { per_tensor->forward(trainable); }, rounds, 20);
    report("fake quant per tensor, forward with grad", "ATen fused", aten, "LinearQuantizer", ours);
  }
}

}  // namespace

int main(int argc, char** argv) {
  const int rounds = argc > 1 ? std::atoi(argv[1]) : 15;
  std::printf("fastforward runtime benchmark: %d intra-op thread(s), %d rounds, fastest round per call\n",
              at::get_num_threads(), rounds);
  bench_models(rounds);
  bench_call_overhead(rounds);
  bench_quantizers(rounds);
  return 0;
}

// Operator annotation (before/<op>, after/<op> tags) and the numeric comparison (SQNR report).
#include "fastforward/fastforward.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <set>
#include <sstream>

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

TEST_CASE("annotation sees the float ops inside quantized standard modules", "[annotation]") {
  // quantize_model's activation modules and batch norm run their float op directly, not through
  // the functional layer; they name it for the trace themselves.
  torch::nn::Sequential sequential(torch::nn::Conv2d(torch::nn::Conv2dOptions(2, 2, 1)),
                                   torch::nn::BatchNorm2d(2), torch::nn::ReLU(),
                                   torch::nn::MaxPool2d(2));
  ff::nn::quantize_model(sequential);
  sequential->eval();
  ffq::annotate_operator_metadata(sequential, torch::randn({1, 2, 4, 4}));
  CHECK(tags_at(*sequential, "0.output_quantizer") ==
        Tags{"activation", "activation/output", "after", "after/conv2d"});
  CHECK(tags_at(*sequential, "1.input_quantizer") ==
        Tags{"activation", "activation/input", "before", "before/batch_norm"});
  CHECK(tags_at(*sequential, "1.weight_quantizer") ==
        Tags{"parameter", "parameter/weight", "before", "before/batch_norm"});
  CHECK(tags_at(*sequential, "1.output_quantizer") ==
        Tags{"activation", "activation/output", "after", "after/batch_norm"});
  CHECK(tags_at(*sequential, "2.input_quantizer") ==
        Tags{"activation", "activation/input", "before", "before/relu"});
  CHECK(tags_at(*sequential, "2.output_quantizer") ==
        Tags{"activation", "activation/output", "after", "after/relu"});
  CHECK(tags_at(*sequential, "3.input_quantizer") ==
        Tags{"activation", "activation/input", "before", "before/max_pool2d"});
  CHECK(tags_at(*sequential, "3.output_quantizer") ==
        Tags{"activation", "activation/output", "after", "after/max_pool2d"});
}

TEST_CASE("SQNR edge cases and a known value", "[comparison]") {
  const double inf = std::numeric_limits<double>::infinity();
  const auto x = torch::randn({10});
  CHECK(ffq::sqnr_db(x, x) == inf);
  CHECK(ffq::sqnr_db(torch::zeros({4}), torch::zeros({4})) == inf);
  CHECK(ffq::sqnr_db(torch::zeros({4}), torch::ones({4})) == -inf);
  CHECK(std::isnan(ffq::SqnrAccumulator().sqnr_db()));
  // signal 4, noise 4 * 0.01: 10 * log10(100) = 20 dB.
  CHECK(ffq::sqnr_db(torch::ones({4}), torch::full({4}, 1.1)) == Approx(20.0).epsilon(1e-6));
  // Accumulation sums energies, it does not average decibels.
  ffq::SqnrAccumulator accumulator;
  accumulator.add(torch::ones({4}), torch::full({4}, 1.1));  // 4 / 0.04
  accumulator.add(torch::ones({4}), torch::ones({4}));       // 4 / 0
  CHECK(accumulator.sqnr_db() == Approx(10.0 * std::log10(8.0 / 0.04)).epsilon(1e-6));
}

namespace {

// Four linear layers with relus; every quantizer 8-bit except fc2's, which are 2-bit.
struct MlpImpl : ff::nn::QuantizedModule {
  MlpImpl() {
    fc1 = register_module("fc1", ff::nn::QuantizedLinear(16, 32));
    fc2 = register_module("fc2", ff::nn::QuantizedLinear(32, 32));
    fc3 = register_module("fc3", ff::nn::QuantizedLinear(32, 32));
    fc4 = register_module("fc4", ff::nn::QuantizedLinear(32, 8));
    quantizer_relu1 = register_quantizer("quantizer_relu1");
    quantizer_relu2 = register_quantizer("quantizer_relu2");
    quantizer_relu3 = register_quantizer("quantizer_relu3");
  }
  at::Tensor forward(const at::Tensor& x) {
    auto h = F::relu(fc1(x), quantizer_relu1);
    h = F::relu(fc2(h), quantizer_relu2);
    h = F::relu(fc3(h), quantizer_relu3);
    return fc4(h);
  }
  ff::nn::QuantizedLinear fc1{nullptr}, fc2{nullptr}, fc3{nullptr}, fc4{nullptr};
  ff::nn::QuantizerSlot quantizer_relu1, quantizer_relu2, quantizer_relu3;
};
TORCH_MODULE(Mlp);

// Configures every quantizer except biases: `bits` for fc2's quantizers, 8 elsewhere.
void configure(Mlp& model, int64_t fc2_bits) {
  for (const auto& [path, quantizer] : ff::nn::named_quantizers(*model, /*skip_stubs=*/false)) {
    if (quantizer->quant_metadata && quantizer->quant_metadata->has_tag("parameter/bias")) {
      continue;
    }
    const int64_t bits = path.rfind("fc2.", 0) == 0 ? fc2_bits : 8;
    const bool weight = quantizer->quant_metadata->has_tag("parameter/weight");
    ff::nn::set_quantizer(*model, path,
                          std::make_shared<LinearQuantizer>(
                              LinearQuantizerOptions(bits).symmetric(weight)));
  }
}

Mlp calibrated_mlp() {
  torch::manual_seed(7);
  Mlp model;
  model->eval();
  configure(model, /*fc2_bits=*/2);
  torch::NoGradGuard no_grad;
  ffq::EstimateRanges calibrate(*model, ffq::running_min_max());
  for (int batch = 0; batch < 4; ++batch) model(torch::randn({16, 16}));
  return model;
}

// The values of one quantizer in a float and a quantized run, captured independently of
// compare_numerics (overrides added by the test itself).
struct Captured {
  std::vector<at::Tensor> quantized_inputs, quantized_outputs, float_outputs;
};

Captured capture(Mlp& model, const std::string& path, const std::vector<at::Tensor>& inputs) {
  torch::NoGradGuard no_grad;
  auto quantizer = std::dynamic_pointer_cast<ff::nn::Quantizer>(ff::nn::find_module(*model, path));
  REQUIRE(quantizer);
  Captured captured;
  for (const auto& input : inputs) {
    {
      ffq::DisableQuantization float_run(*model);
      auto handle = quantizer->register_override(
          [&](ff::nn::Quantizer&, const ff::nn::QuantizerCallback& callback,
              const at::Tensor& data) {
            auto output = callback(data);
            captured.float_outputs.push_back(output.clone());
            return output;
          });
      model(input);
      handle.remove();
    }
    auto handle = quantizer->register_override(
        [&](ff::nn::Quantizer&, const ff::nn::QuantizerCallback& callback,
            const at::Tensor& data) {
          auto output = callback(data);
          captured.quantized_inputs.push_back(data.clone());
          captured.quantized_outputs.push_back(output.clone());
          return output;
        });
    model(input);
    handle.remove();
  }
  return captured;
}

// SQNR over several pairs with plain torch ops: energies summed over all pairs.
double direct_sqnr_db(const std::vector<at::Tensor>& references,
                      const std::vector<at::Tensor>& approximations) {
  REQUIRE(references.size() == approximations.size());
  double signal = 0.0, noise = 0.0;
  for (size_t i = 0; i < references.size(); ++i) {
    const auto reference = references[i].to(torch::kDouble);
    signal += reference.pow(2).sum().item<double>();
    noise += (reference - approximations[i].to(torch::kDouble)).pow(2).sum().item<double>();
  }
  return 10.0 * std::log10(signal / noise);
}

size_t count_of(const std::string& text, const std::string& needle) {
  size_t count = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) {
    ++count;
  }
  return count;
}

}  // namespace

TEST_CASE("the comparison finds the 2-bit layer and agrees with a direct computation",
          "[comparison]") {
  auto model = calibrated_mlp();
  std::vector<at::Tensor> inputs;
  for (int batch = 0; batch < 3; ++batch) inputs.push_back(torch::randn({8, 16}));

  ffq::annotate_operator_metadata(model, inputs[0]);
  const auto report = ffq::compare_numerics(model, inputs);

  // Bias quantizers are stubs here and stubs are not reported by default.
  REQUIRE(report.quantizers.size() == 4 * 3 + 3);
  CHECK(report.batches == 3);
  CHECK_FALSE(report.find("fc1.bias_quantizer"));

  SECTION("the deliberately 2-bit layer has the lowest SQNR") {
    const auto* worst = report.worst();
    REQUIRE(worst);
    CHECK(worst->path.rfind("fc2.", 0) == 0);
    // Separately: the lowest weight SQNR and the lowest local activation SQNR are both fc2's.
    const ffq::QuantizerNumerics* worst_weight = nullptr;
    const ffq::QuantizerNumerics* worst_activation = nullptr;
    for (const auto& entry : report.quantizers) {
      auto& slot = entry.is_parameter ? worst_weight : worst_activation;
      if (!slot || entry.own_sqnr_db() < slot->own_sqnr_db()) slot = &entry;
    }
    CHECK(worst_weight->path == "fc2.weight_quantizer");
    CHECK(worst_activation->path.rfind("fc2.", 0) == 0);
    // 8-bit quantizers are far better than 2-bit ones.
    CHECK(report.find("fc1.weight_quantizer")->weight.sqnr_db() >
          report.find("fc2.weight_quantizer")->weight.sqnr_db() + 20.0);
    // Error propagates: the output of the network is worse than fc1's output.
    CHECK(report.find("fc4.output_quantizer")->propagated.sqnr_db() <
          report.find("fc1.output_quantizer")->propagated.sqnr_db());
  }

  SECTION("figures agree with a direct computation from captured tensors") {
    for (const std::string path : {"fc2.output_quantizer", "fc3.input_quantizer",
                                   "quantizer_relu2", "fc4.output_quantizer"}) {
      INFO(path);
      const auto captured = capture(model, path, inputs);
      const auto* entry = report.find(path);
      REQUIRE(entry);
      CHECK(entry->calls == 3);
      CHECK(entry->unmatched_calls == 0);
      CHECK(entry->local.sqnr_db() ==
            Approx(direct_sqnr_db(captured.quantized_inputs, captured.quantized_outputs))
                .epsilon(1e-9));
      CHECK(entry->propagated.sqnr_db() ==
            Approx(direct_sqnr_db(captured.float_outputs, captured.quantized_outputs))
                .epsilon(1e-9));
    }
    // Weight SQNR: the float weight against the quantizer's output for it.
    for (const std::string layer : {"fc1", "fc2"}) {
      INFO(layer);
      auto linear = std::dynamic_pointer_cast<ff::nn::QuantizedLinearImpl>(
          ff::nn::find_module(*model, layer));
      REQUIRE(linear);
      torch::NoGradGuard no_grad;
      const auto quantized_weight = linear->weight_quantizer(linear->weight);
      CHECK(report.find(layer + ".weight_quantizer")->weight.sqnr_db() ==
            Approx(direct_sqnr_db({linear->weight}, {quantized_weight})).epsilon(1e-9));
    }
  }

  SECTION("tags from the annotation are in the report") {
    const auto& tags = report.find("fc2.output_quantizer")->tags;
    CHECK(tags == std::vector<std::string>{"activation/output", "after/linear", "before/relu"});
  }

  SECTION("table") {
    std::ostringstream table;
    report.write_table(table);
    const auto text = table.str();
    CHECK(text.find("path") != std::string::npos);
    CHECK(text.find("propagated dB") != std::string::npos);
    CHECK(text.find("\n* " + report.worst()->path + " ") != std::string::npos);
    CHECK(count_of(text, "\n") == report.quantizers.size() + 3);  // header, rule, footnote

    std::ostringstream sorted;
    report.write_table(sorted, ffq::TableOptions{/*sort_worst_first=*/true, /*mark_worst=*/false});
    const auto sorted_text = sorted.str();
    const auto third_line = sorted_text.substr(
        sorted_text.find('\n', sorted_text.find('\n') + 1) + 1);
    CHECK(third_line.rfind("  " + report.worst()->path + " ", 0) == 0);
    CHECK(sorted_text.find("\n* ") == std::string::npos);
  }

  SECTION("CSV has a header and one row of nine fields per quantizer") {
    std::ostringstream csv;
    report.write_csv(csv);
    std::istringstream lines(csv.str());
    std::string line;
    std::getline(lines, line);
    CHECK(line ==
          "path,tags,stub,parameter,calls,unmatched_calls,local_sqnr_db,propagated_sqnr_db,"
          "weight_sqnr_db");
    size_t rows = 0;
    while (std::getline(lines, line)) {
      ++rows;
      CHECK(count_of(line, ",") == 8);
    }
    CHECK(rows == report.quantizers.size());
    CHECK(csv.str().find("\nfc2.weight_quantizer,before/linear;parameter/weight,false,true,3,0,,,") !=
          std::string::npos);
  }

  SECTION("JSON is balanced and lists every quantizer") {
    std::ostringstream json;
    report.write_json(json);
    const auto text = json.str();
    CHECK(text.front() == '{');
    CHECK(count_of(text, "{") == count_of(text, "}"));
    CHECK(count_of(text, "[") == count_of(text, "]"));
    CHECK(count_of(text, "\"path\": ") == report.quantizers.size());
    CHECK(text.find("\"path\": \"fc2.weight_quantizer\"") != std::string::npos);
    CHECK(text.find("\"batches\": 3") != std::string::npos);
    // Not applicable figures are null, never a bare inf/nan (invalid JSON).
    CHECK(text.find("\"local_sqnr_db\": null") != std::string::npos);
    CHECK(text.find(": inf") == std::string::npos);
    CHECK(text.find(": nan") == std::string::npos);
  }

  SECTION("HTML is self-contained with one SVG bar per quantizer") {
    std::ostringstream html;
    report.write_html(html, "MLP with a 2-bit fc2");
    const auto text = html.str();
    CHECK(text.rfind("<!DOCTYPE html>", 0) == 0);
    CHECK(count_of(text, "<svg") == 1);
    CHECK(count_of(text, "<rect class=\"bar ") == report.quantizers.size());
    CHECK(count_of(text, "class=\"bar parameter worst\"") +
              count_of(text, "class=\"bar activation worst\"") ==
          1);
    CHECK(text.find("<script") == std::string::npos);
    CHECK(text.find("<link") == std::string::npos);
    CHECK(text.find("src=") == std::string::npos);
  }

  // Writes the sample outputs shown in docs/comparison.md when asked to.
  if (const char* directory = std::getenv("FASTFORWARD_COMPARISON_SAMPLE_DIR")) {
    const std::string base = std::string(directory) + "/mlp_comparison";
    std::ofstream table(base + ".txt"), csv(base + ".csv"), json(base + ".json"),
        html(base + ".html");
    report.write_table(table);
    report.write_csv(csv);
    report.write_json(json);
    report.write_html(html, "MLP with a 2-bit fc2");
  }
}

TEST_CASE("a quantizer used several times per forward accumulates every call", "[comparison]") {
  struct LoopImpl : ff::nn::QuantizedModule {
    LoopImpl() {
      fc = register_module("fc", ff::nn::QuantizedLinear(8, 8));
      quantizer_relu = register_quantizer("quantizer_relu");
    }
    at::Tensor forward(at::Tensor x) {
      for (int step = 0; step < 3; ++step) x = F::relu(fc(x), quantizer_relu);
      return x;
    }
    ff::nn::QuantizedLinear fc{nullptr};
    ff::nn::QuantizerSlot quantizer_relu;
  };
  torch::manual_seed(3);
  auto model = std::make_shared<LoopImpl>();
  for (const std::string path : {"fc.input_quantizer", "fc.weight_quantizer",
                                 "fc.output_quantizer", "quantizer_relu"}) {
    ff::nn::set_quantizer(*model, path, std::make_shared<LinearQuantizer>(
                                            LinearQuantizerOptions(4).symmetric(false)));
  }
  std::vector<at::Tensor> inputs = {torch::randn({4, 8}), torch::randn({4, 8})};
  {
    torch::NoGradGuard no_grad;
    ffq::EstimateRanges calibrate(*model, ffq::running_min_max());
    for (const auto& input : inputs) model->forward(input);
  }
  ffq::CompareNumericsOptions options;
  options.include_stubs = true;
  const auto report = ffq::compare_numerics(model, inputs, options);
  for (const auto& entry : report.quantizers) {
    INFO(entry.path);
    CHECK(entry.calls == 6);  // 3 uses per forward, 2 batches
    CHECK(entry.unmatched_calls == 0);
  }
  // include_stubs: the (stub) bias quantizer is reported, and a stub loses nothing by itself.
  const auto* bias = report.find("fc.bias_quantizer");
  REQUIRE(bias);
  CHECK(bias->is_stub);
  CHECK(bias->weight.sqnr_db() == std::numeric_limits<double>::infinity());
  CHECK(report.find("quantizer_relu")->local.pairs() == 6);
  CHECK(report.find("quantizer_relu")->propagated.pairs() == 6);
}

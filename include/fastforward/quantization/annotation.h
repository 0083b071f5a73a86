// Operator annotation: tags each quantizer with the functional ops before and after it (spec §6).
#pragma once

#include "fastforward/nn/quantizer.h"

#include <functional>
#include <initializer_list>
#include <type_traits>
#include <vector>

namespace fastforward::quantization {

/// Runs `run` once (it should call the model's forward) and adds to the metadata of every
/// quantizer under `model`, stubs included:
///   * `after/<op>`  for the `fastforward::nn::functional` op that produced the quantizer's input;
///   * `before/<op>` for each functional op that consumes the quantizer's output.
/// `<op>` is the Python name of the op (`linear`, `conv2d`, `add`, `pow`, `softmax`, ...); tags
/// are added with QuantizerMetadata::add_tag, so `before` and `after` are present too. A quantizer
/// without metadata (a bare quantizer outside a QuantizedModule) is given an empty one first.
///
/// The run happens with gradients off and quantization disabled (uninitialized quantizers are
/// fine). Only functional ops and quantizers are seen: plain torch calls (`x.view(...)`, `x + y`
/// outside `functional::add`) are invisible, and a tensor made by them carries no history. Tags
/// accumulate over calls: run inputs that cover every branch of data-dependent control flow.
/// Tracing is per thread: ops run on other threads during `run` are not seen.
void annotate_operator_metadata(torch::nn::Module& model, const std::function<void()>& run);

/// Annotates by running `model->forward(sample_input)` (or `model.forward(...)` for a module
/// object), for a module holder such as `QuantizedNet`, a `std::shared_ptr<Impl>` or an `Impl&`.
template <class Model>
void annotate_operator_metadata(Model& model, const at::Tensor& sample_input) {
  if constexpr (std::is_base_of_v<torch::nn::Module, Model>) {
    annotate_operator_metadata(model, [&] { model.forward(sample_input); });
  } else {
    annotate_operator_metadata(*model, [&] { model->forward(sample_input); });
  }
}

namespace detail {

class OperatorTrace;

/// The trace of the annotation running on this thread, or nullptr. Functional ops test it once
/// per call; it is constant-initialized, so the test is a plain thread-local load.
inline thread_local OperatorTrace* active_operator_trace = nullptr;

/// Called by functional ops while a trace is active: tags `before/<op>` on the quantizers that
/// produced `inputs` (undefined tensors are ignored).
void trace_operator_inputs(const char* op_name, const std::vector<at::Tensor>& inputs);

/// Called by functional ops while a trace is active: records `op_name` as the producer of
/// `output` and returns the tensor to pass on. That is `output` itself, or an alias of it when the
/// op returned one of its inputs (in-place dropout, `positive`), so the input's own history is
/// not overwritten.
at::Tensor trace_operator_output(const char* op_name, const at::Tensor& output,
                                 const std::vector<at::Tensor>& inputs);

/// For float ops that modules run outside `fastforward::nn::functional` (the quantized activation
/// modules, batch norm): records `op_name` between `inputs` and `output` when a trace is active
/// and returns the tensor to pass on (see trace_operator_output); otherwise returns `output`.
/// The inputs are references, so the call costs one thread-local load when no trace is active.
inline at::Tensor trace_operator(
    const char* op_name, std::initializer_list<std::reference_wrapper<const at::Tensor>> inputs,
    at::Tensor output) {
  if (C10_LIKELY(active_operator_trace == nullptr)) return output;
  const std::vector<at::Tensor> input_tensors(inputs.begin(), inputs.end());
  trace_operator_inputs(op_name, input_tensors);
  return trace_operator_output(op_name, output, input_tensors);
}

}  // namespace detail
}  // namespace fastforward::quantization

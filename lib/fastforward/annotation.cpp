// Operator annotation: a side table from tensors to the op and quantizer that last produced them,
// filled by the functional ops and by an override on every quantizer.
#include "fastforward/quantization/annotation.h"

#include "fastforward/nn/quantized_module.h"
#include "fastforward/quantization/flags.h"

#include <string>
#include <unordered_map>

namespace fastforward::quantization {
namespace detail {

class OperatorTrace {
 public:
  void before_operator(const char* op_name, const at::Tensor& input) {
    if (!input.defined()) return;
    const auto found = table_.find(input.unsafeGetTensorImpl());
    if (found != table_.end() && found->second.quantizer) {
      tag(*found->second.quantizer, std::string("before/") + op_name);
    }
  }

  void after_operator(const char* op_name, const at::Tensor& output) {
    if (output.defined()) record(output, op_name, nullptr);
  }

  void before_quantizer(nn::Quantizer& quantizer, const at::Tensor& input) {
    if (!input.defined()) return;
    const auto found = table_.find(input.unsafeGetTensorImpl());
    if (found != table_.end() && !found->second.op_name.empty()) {
      tag(quantizer, "after/" + found->second.op_name);
    }
  }

  void after_quantizer(nn::Quantizer& quantizer, const at::Tensor& output) {
    if (output.defined()) record(output, "", &quantizer);
  }

 private:
  struct Entry {
    // Pins the TensorImpl's address (not its data) so a freed tensor's address cannot be reused
    // by a new tensor that would then inherit this history.
    c10::weak_intrusive_ptr<c10::TensorImpl, c10::UndefinedTensorImpl> pin;
    std::string op_name;               // the functional op that produced the tensor, or ""
    nn::Quantizer* quantizer = nullptr;  // the quantizer that produced the tensor, or null
  };

  void record(const at::Tensor& tensor, std::string op_name, nn::Quantizer* quantizer) {
    table_.insert_or_assign(tensor.unsafeGetTensorImpl(),
                            Entry{c10::weak_intrusive_ptr<c10::TensorImpl, c10::UndefinedTensorImpl>(
                                      tensor.getIntrusivePtr()),
                                  std::move(op_name), quantizer});
  }

  static void tag(nn::Quantizer& quantizer, const std::string& tag) {
    if (!quantizer.quant_metadata) {
      quantizer.quant_metadata = std::make_shared<nn::QuantizerMetadata>();
    }
    quantizer.quant_metadata->add_tag(tag);
  }

  std::unordered_map<const c10::TensorImpl*, Entry> table_;
};

namespace {

bool is_one_of(const at::Tensor& tensor, const std::vector<at::Tensor>& candidates) {
  for (const auto& candidate : candidates) {
    if (candidate.defined() && candidate.unsafeGetTensorImpl() == tensor.unsafeGetTensorImpl()) {
      return true;
    }
  }
  return false;
}

// Installed outermost on every quantizer, so it sees each call even when a DisableQuantization
// override below it skips the quantizer itself.
class AnnotationOverride : public nn::QuantizerOverride {
 public:
  explicit AnnotationOverride(OperatorTrace& trace) : trace_(trace) {}
  at::Tensor operator()(nn::Quantizer& quantizer, const nn::QuantizerCallback& callback,
                        const at::Tensor& data) override {
    trace_.before_quantizer(quantizer, data);
    auto output = callback(data);
    // A disabled quantizer or a stub returns its input: give the output its own identity so the
    // input keeps the op that produced it (another quantizer may read the same tensor).
    if (output.defined() && data.defined() &&
        output.unsafeGetTensorImpl() == data.unsafeGetTensorImpl()) {
      output = output.alias();
    }
    trace_.after_quantizer(quantizer, output);
    return output;
  }

 private:
  OperatorTrace& trace_;
};

// Makes `trace` the thread's active trace and restores the previous one, also on exceptions.
class ActiveTrace {
 public:
  explicit ActiveTrace(OperatorTrace& trace) : previous_(active_operator_trace) {
    active_operator_trace = &trace;
  }
  ~ActiveTrace() { active_operator_trace = previous_; }
  ActiveTrace(const ActiveTrace&) = delete;
  ActiveTrace& operator=(const ActiveTrace&) = delete;

 private:
  OperatorTrace* previous_;
};

class RemoveOnExit {
 public:
  ~RemoveOnExit() {
    for (auto& handle : handles) handle.remove();
  }
  std::vector<nn::OverrideHandle> handles;
};

}  // namespace

void trace_operator_inputs(const char* op_name, const std::vector<at::Tensor>& inputs) {
  if (!active_operator_trace) return;
  for (const auto& input : inputs) active_operator_trace->before_operator(op_name, input);
}

at::Tensor trace_operator_output(const char* op_name, const at::Tensor& output,
                                 const std::vector<at::Tensor>& inputs) {
  if (!active_operator_trace || !output.defined()) return output;
  auto traced = is_one_of(output, inputs) ? output.alias() : output;
  active_operator_trace->after_operator(op_name, traced);
  return traced;
}

}  // namespace detail

void annotate_operator_metadata(torch::nn::Module& model, const std::function<void()>& run) {
  TORCH_CHECK(run, "annotate_operator_metadata needs a function that runs the model");
  torch::NoGradGuard no_grad;
  // Disabled first, so the annotation override registered below is outermost and sees every
  // quantizer call (FastForward registers it first and so only annotates stubs; see
  // docs/compatibility.md).
  DisableQuantization float_run(model);
  detail::OperatorTrace trace;
  detail::RemoveOnExit overrides;
  for (const auto& [path, quantizer] : nn::named_quantizers(model, /*skip_stubs=*/false)) {
    if (!quantizer->quant_metadata) {
      quantizer->quant_metadata = std::make_shared<nn::QuantizerMetadata>();
    }
    overrides.handles.push_back(
        quantizer->register_override(std::make_shared<detail::AnnotationOverride>(trace)));
  }
  detail::ActiveTrace active(trace);
  run();
}

}  // namespace fastforward::quantization

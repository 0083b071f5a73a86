// Quantizer base class, QuantizerStub, quantizer metadata (tags) and the override stack.
#pragma once

#include <torch/torch.h>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace fastforward {

/// Raised when quantization rules are violated (strict mode, uninitialized quantizers, bad ranges).
class QuantizationError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

namespace nn {

/// The default tags of FastForward. Tags are hierarchical strings; '/' separates levels.
namespace tags {
inline const std::string parameter = "parameter";
inline const std::string weight = "parameter/weight";
inline const std::string bias = "parameter/bias";
inline const std::string activation = "activation";
inline const std::string input = "activation/input";
inline const std::string output = "activation/output";
}  // namespace tags

/// Tags plus the shape of the quantized tensor, shared between a QuantizedModule and the quantizer
/// it holds under one name, so a replacement quantizer keeps the tags of the stub it replaces.
class QuantizerMetadata {
 public:
  QuantizerMetadata() = default;
  QuantizerMetadata(std::initializer_list<std::string> tags);

  static QuantizerMetadata input();
  static QuantizerMetadata output();
  /// `activation` alone: an activation that is neither a function input nor an op output.
  static QuantizerMetadata activation();
  /// `parameter` alone: a tensor attribute of a module (parameter or buffer) read in forward.
  static QuantizerMetadata parameter();
  static QuantizerMetadata weight(c10::optional<std::vector<int64_t>> shape = c10::nullopt);
  static QuantizerMetadata bias(c10::optional<std::vector<int64_t>> shape = c10::nullopt);

  /// Adds `tag` and every prefix of it: "a/b/c" also adds "a/b" and "a".
  void add_tag(const std::string& tag);
  bool has_tag(const std::string& tag) const { return tags_.count(tag) != 0; }
  const std::set<std::string>& tags() const { return tags_; }

  /// True when this metadata's tags are a subset of `other`'s and a known shape equals `other`'s.
  bool is_extension(const QuantizerMetadata& other) const;

  c10::optional<std::vector<int64_t>> shape;

 private:
  std::set<std::string> tags_;
};

class Quantizer;

/// Runs the rest of an override chain (ending in Quantizer::quantize) on the given data.
using QuantizerCallback = std::function<at::Tensor(const at::Tensor&)>;

/// An override wraps a quantizer's quantize call (calibration, disabling, annotation). Objects, not
/// only functions, so guards can find the overrides they installed (EnableQuantization does).
class QuantizerOverride {
 public:
  virtual ~QuantizerOverride() = default;
  virtual at::Tensor operator()(Quantizer& quantizer, const QuantizerCallback& callback,
                                const at::Tensor& data) = 0;
};

using QuantizerOverrideFunction =
    std::function<at::Tensor(Quantizer&, const QuantizerCallback&, const at::Tensor&)>;

/// Handle to a registered override. Not RAII (like torch hooks): call remove() when done.
class OverrideHandle {
 public:
  OverrideHandle() = default;
  OverrideHandle(std::weak_ptr<Quantizer> quantizer, int64_t id)
      : quantizer_(std::move(quantizer)), id_(id) {}
  int64_t id() const { return id_; }
  /// Detaches the override; a no-op if the quantizer is gone or it was removed already.
  void remove();

 private:
  std::weak_ptr<Quantizer> quantizer_;
  int64_t id_ = -1;
};

/// A module that quantizes one tensor. Subclasses implement quantize(); forward() applies the
/// override stack around it, most recently registered override outermost. forward() is not
/// virtual on purpose: overrides must apply to every quantizer the same way.
///
/// Values are represented by fake quantization: quantize() returns the dequantized float tensor
/// (same dtype as its input) whose values lie on the quantization grid. See docs/runtime.md.
class Quantizer : public torch::nn::Module {
 public:
  explicit Quantizer(const std::string& name = "Quantizer") : torch::nn::Module(name) {}

  at::Tensor forward(const at::Tensor& data);
  at::Tensor operator()(const at::Tensor& data) { return forward(data); }

  virtual at::Tensor quantize(const at::Tensor& data);
  virtual bool is_stub() const { return false; }
  virtual void reset_parameters();

  OverrideHandle register_override(std::shared_ptr<QuantizerOverride> override_object);
  OverrideHandle register_override(QuantizerOverrideFunction function);
  /// Removes the override with this id and returns it (nullptr when there was none).
  std::shared_ptr<QuantizerOverride> remove_override(int64_t id);
  /// The attached overrides, oldest first.
  std::vector<std::shared_ptr<QuantizerOverride>> overrides() const;

  /// Set by the owning QuantizedModule when the quantizer is registered; shared with it.
  std::shared_ptr<QuantizerMetadata> quant_metadata;

 private:
  at::Tensor run_override_chain(const std::vector<std::shared_ptr<QuantizerOverride>>& chain,
                                size_t depth, const at::Tensor& data);

  std::map<int64_t, std::shared_ptr<QuantizerOverride>> overrides_;
};

/// Placeholder quantizer: returns its input unchanged and carries tags for configuration.
class QuantizerStub : public Quantizer {
 public:
  QuantizerStub() : Quantizer("QuantizerStub") {}
  explicit QuantizerStub(QuantizerMetadata metadata);

  at::Tensor quantize(const at::Tensor& data) override { return data; }
  bool is_stub() const override { return true; }
  void reset_parameters() override {}
  void pretty_print(std::ostream& stream) const override;
};

}  // namespace nn
}  // namespace fastforward

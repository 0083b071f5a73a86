// QuantizedModule mixin, quantizer slots that see replacement, and quantizer lookup by path.
#pragma once

#include "fastforward/nn/quantizer.h"

#include <map>
#include <memory>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace fastforward::nn {

/// A named place for a quantizer in a QuantizedModule, held as a member by the module and called
/// in its forward: `x = input_quantizer(x);`.
///
/// Why a slot and not a `std::shared_ptr<Quantizer>` member: configuration replaces quantizers
/// by name after construction (a stub becomes a LinearQuantizer), and LibTorch's
/// `replace_module` only updates the child registry, never a member that already holds the old
/// pointer. A slot instead shares a small cell with its module; `QuantizedModule::set_quantizer`
/// (and the path-based `fastforward::nn::set_quantizer`) update the cell and the child registry
/// together, so `forward` and `named_modules()` always agree: the new quantizer appears under the
/// same path (e.g. `fc1.quantizer_x`) and is the one forward calls. The cost per call is one
/// pointer load. Replacing a quantizer with `replace_module` directly bypasses the cell; call
/// `QuantizedModule::sync_quantizer_slots()` afterwards if you must do that.
///
/// An empty slot (no quantizer, e.g. the bias quantizer of a layer without bias) passes data
/// through unchanged.
class QuantizerSlot {
 public:
  QuantizerSlot() = default;

  at::Tensor operator()(const at::Tensor& data) const {
    Quantizer* quantizer = get();
    return quantizer ? quantizer->forward(data) : data;
  }
  Quantizer* get() const { return cell_ ? cell_->quantizer.get() : nullptr; }
  std::shared_ptr<Quantizer> shared() const { return cell_ ? cell_->quantizer : nullptr; }
  Quantizer* operator->() const;
  explicit operator bool() const { return get() != nullptr; }
  /// The name under which the quantizer is registered ("" for a default-constructed slot).
  std::string name() const { return cell_ ? cell_->name : std::string(); }

 private:
  friend class QuantizedModule;
  struct Cell {
    std::string name;
    std::shared_ptr<Quantizer> quantizer;
    std::shared_ptr<QuantizerMetadata> metadata;
  };
  explicit QuantizerSlot(std::shared_ptr<Cell> cell) : cell_(std::move(cell)) {}
  std::shared_ptr<Cell> cell_;
};

/// Base of modules that hold quantizers. torch::nn::Module is a *virtual* base here, as in
/// LibTorch's Cloneable, so quantized standard modules can derive from their float Impl too
/// (`QuantizedLinearImpl : LinearImpl, QuantizedModule`, one Module subobject) and are still
/// found by `module->as<torch::nn::Linear>()`. A generated class derives from it alone:
/// `struct QuantizedNetImpl : fastforward::nn::QuantizedModule { ... };`.
///
/// Registration keeps one QuantizerMetadata per name, shared with whichever quantizer occupies
/// the name, so a replacement keeps the tags of the stub it replaces (spec §1.4).
class QuantizedModule : public virtual torch::nn::Module {
 public:
  virtual ~QuantizedModule() = default;
  QuantizedModule(const QuantizedModule&) = delete;
  QuantizedModule& operator=(const QuantizedModule&) = delete;

  /// Registers a QuantizerStub carrying `metadata` under `name` and returns its slot.
  QuantizerSlot register_quantizer(const std::string& name, QuantizerMetadata metadata = {});
  /// Registers `quantizer` (nullptr: an empty slot, e.g. a missing bias) under `name`.
  QuantizerSlot register_quantizer(const std::string& name, std::shared_ptr<Quantizer> quantizer);

  /// Puts `quantizer` (nullptr empties the slot) under `name`; forward sees it from now on.
  void set_quantizer(const std::string& name, std::shared_ptr<Quantizer> quantizer);
  std::shared_ptr<Quantizer> quantizer(const std::string& name) const;
  QuantizerSlot quantizer_slot(const std::string& name) const;
  std::shared_ptr<QuantizerMetadata> quantizer_metadata(const std::string& name) const;
  /// Names of the slots, in registration order.
  std::vector<std::string> quantizer_names() const;
  /// Re-reads each slot from the child registry (after a direct `replace_module`).
  void sync_quantizer_slots();

 protected:
  QuantizedModule() = default;

 private:
  std::shared_ptr<QuantizerSlot::Cell> find_cell(const std::string& name) const;

  std::vector<std::shared_ptr<QuantizerSlot::Cell>> cells_;
};

/// The `output_quantizer` argument of functional ops: a non-owning view of a slot, a quantizer
/// or nothing (`{}` / nullptr means no output quantization).
class OutputQuantizer {
 public:
  OutputQuantizer() = default;
  OutputQuantizer(std::nullptr_t) {}
  OutputQuantizer(const QuantizerSlot& slot) : quantizer_(slot.get()) {}
  OutputQuantizer(Quantizer& quantizer) : quantizer_(&quantizer) {}
  template <class QuantizerType,
            std::enable_if_t<std::is_base_of_v<Quantizer, QuantizerType>, int> = 0>
  OutputQuantizer(const std::shared_ptr<QuantizerType>& quantizer) : quantizer_(quantizer.get()) {}

  Quantizer* get() const { return quantizer_; }
  explicit operator bool() const { return quantizer_ != nullptr; }
  at::Tensor apply(const at::Tensor& output) const {
    return quantizer_ ? quantizer_->forward(output) : output;
  }

 private:
  Quantizer* quantizer_ = nullptr;
};

/// Quantizers under `root` (root included) with their paths, in `named_modules()` order.
std::vector<std::pair<std::string, std::shared_ptr<Quantizer>>> named_quantizers(
    const torch::nn::Module& root, bool skip_stubs = true);

/// A human summary of the quantizers under `root`: one group per distinct quantizer (by its
/// printed form, e.g. `fastforward::nn::LinearQuantizer(num_bits=8, ...)`) with its count, then
/// its locations, numeric path segments folded to `[]` so repeated blocks read as one line:
/// `blocks.[].conv.weight_quantizer (4x)`. Groups in order of first appearance. Stubs are left out
/// unless `include_stubs`.
std::string summarize_quantizers(const torch::nn::Module& root, bool include_stubs = false);

/// The module at a dotted path ("" is `root`), or nullptr.
std::shared_ptr<torch::nn::Module> find_module(torch::nn::Module& root, const std::string& path);

/// Puts `module` under `parent` as its child `name`. A quantizer in a QuantizedModule goes through
/// the owner's slot, so forward uses it and it keeps the slot's metadata; any other module
/// replaces the child of that name, or is registered when there is none.
void set_child_module(torch::nn::Module& parent, const std::string& name,
                      std::shared_ptr<torch::nn::Module> module);

/// Replaces the quantizer at a dotted path such as "fc1.quantizer_x", through the owner's slot
/// when the owner is a QuantizedModule, so its forward uses the new quantizer.
void set_quantizer(torch::nn::Module& root, const std::string& path,
                   std::shared_ptr<Quantizer> quantizer);

}  // namespace fastforward::nn

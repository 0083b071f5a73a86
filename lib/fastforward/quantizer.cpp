// Quantizer base behaviour: metadata tags, the override stack, and the identity stub.
#include "fastforward/nn/quantizer.h"

#include <atomic>

namespace fastforward::nn {

QuantizerMetadata::QuantizerMetadata(std::initializer_list<std::string> tags) {
  for (const auto& tag : tags) add_tag(tag);
}

QuantizerMetadata QuantizerMetadata::input() { return {tags::input}; }
QuantizerMetadata QuantizerMetadata::output() { return {tags::output}; }
QuantizerMetadata QuantizerMetadata::activation() { return {tags::activation}; }
QuantizerMetadata QuantizerMetadata::parameter() { return {tags::parameter}; }

QuantizerMetadata QuantizerMetadata::weight(c10::optional<std::vector<int64_t>> shape) {
  QuantizerMetadata metadata{tags::weight};
  metadata.shape = std::move(shape);
  return metadata;
}

QuantizerMetadata QuantizerMetadata::bias(c10::optional<std::vector<int64_t>> shape) {
  QuantizerMetadata metadata{tags::bias};
  metadata.shape = std::move(shape);
  return metadata;
}

void QuantizerMetadata::add_tag(const std::string& tag) {
  TORCH_CHECK(!tag.empty(), "a quantizer tag must not be empty");
  for (size_t end = tag.find('/'); end != std::string::npos; end = tag.find('/', end + 1)) {
    tags_.insert(tag.substr(0, end));
  }
  tags_.insert(tag);
}

bool QuantizerMetadata::is_extension(const QuantizerMetadata& other) const {
  for (const auto& tag : tags_) {
    if (!other.has_tag(tag)) return false;
  }
  return !shape || shape == other.shape;
}

void OverrideHandle::remove() {
  if (auto quantizer = quantizer_.lock()) quantizer->remove_override(id_);
  quantizer_.reset();
}

namespace {
// Ids are global and increasing so that "most recent first" is well defined across quantizers.
std::atomic<int64_t> next_override_id{0};

class FunctionOverride : public QuantizerOverride {
 public:
  explicit FunctionOverride(QuantizerOverrideFunction function) : function_(std::move(function)) {}
  at::Tensor operator()(Quantizer& quantizer, const QuantizerCallback& callback,
                        const at::Tensor& data) override {
    return function_(quantizer, callback, data);
  }

 private:
  QuantizerOverrideFunction function_;
};
}  // namespace

at::Tensor Quantizer::forward(const at::Tensor& data) {
  if (overrides_.empty()) return quantize(data);
  // Snapshot: an override may remove itself (or others) while the chain runs.
  return run_override_chain(overrides(), overrides_.size(), data);
}

at::Tensor Quantizer::run_override_chain(
    const std::vector<std::shared_ptr<QuantizerOverride>>& chain, size_t depth,
    const at::Tensor& data) {
  if (depth == 0) return quantize(data);
  QuantizerCallback next = [this, &chain, depth](const at::Tensor& inner) {
    return run_override_chain(chain, depth - 1, inner);
  };
  return (*chain[depth - 1])(*this, next, data);
}

at::Tensor Quantizer::quantize(const at::Tensor&) {
  TORCH_CHECK(false, name(), " does not implement quantize()");
}

void Quantizer::reset_parameters() {
  TORCH_CHECK(false, name(), " does not implement reset_parameters()");
}

OverrideHandle Quantizer::register_override(std::shared_ptr<QuantizerOverride> override_object) {
  TORCH_CHECK(override_object, "cannot register a null quantizer override");
  const int64_t id = next_override_id++;
  overrides_.emplace(id, std::move(override_object));
  return OverrideHandle(std::static_pointer_cast<Quantizer>(shared_from_this()), id);
}

OverrideHandle Quantizer::register_override(QuantizerOverrideFunction function) {
  return register_override(std::make_shared<FunctionOverride>(std::move(function)));
}

std::shared_ptr<QuantizerOverride> Quantizer::remove_override(int64_t id) {
  auto found = overrides_.find(id);
  if (found == overrides_.end()) return nullptr;
  auto removed = std::move(found->second);
  overrides_.erase(found);
  return removed;
}

std::vector<std::shared_ptr<QuantizerOverride>> Quantizer::overrides() const {
  std::vector<std::shared_ptr<QuantizerOverride>> result;
  result.reserve(overrides_.size());
  for (const auto& entry : overrides_) result.push_back(entry.second);
  return result;
}

QuantizerStub::QuantizerStub(QuantizerMetadata metadata) : Quantizer("QuantizerStub") {
  quant_metadata = std::make_shared<QuantizerMetadata>(std::move(metadata));
}

void QuantizerStub::pretty_print(std::ostream& stream) const {
  stream << "fastforward::nn::QuantizerStub(";
  if (quant_metadata) {
    const char* separator = "";
    for (const auto& tag : quant_metadata->tags()) {
      stream << separator << tag;
      separator = ", ";
    }
  }
  stream << ")";
}

}  // namespace fastforward::nn

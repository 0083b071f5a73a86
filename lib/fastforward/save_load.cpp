// Quantizer state dictionaries on disk, and float checkpoints loaded by parameter name.
#include "fastforward/quantization/save_load.h"

#include "fastforward/nn/quantized_module.h"

#include <fstream>
#include <iterator>

namespace fastforward::quantization {

std::map<std::string, at::Tensor> quantizer_state_dict(const torch::nn::Module& module) {
  std::map<std::string, at::Tensor> state;
  for (const auto& [path, quantizer] : nn::named_quantizers(module)) {
    const std::string prefix = path.empty() ? "" : path + ".";
    for (const auto& parameter : quantizer->named_parameters(/*recurse=*/false)) {
      state[prefix + parameter.key()] = parameter.value().detach();
    }
    for (const auto& buffer : quantizer->named_buffers(/*recurse=*/false)) {
      state[prefix + buffer.key()] = buffer.value().detach();
    }
  }
  return state;
}

std::vector<std::string> load_quantizer_state_dict(
    torch::nn::Module& module, const std::map<std::string, at::Tensor>& state) {
  std::map<std::string, at::Tensor> targets;
  for (const auto& [path, quantizer] : nn::named_quantizers(module)) {
    const std::string prefix = path.empty() ? "" : path + ".";
    for (const auto& parameter : quantizer->named_parameters(false)) {
      targets[prefix + parameter.key()] = parameter.value();
    }
    for (const auto& buffer : quantizer->named_buffers(false)) {
      targets[prefix + buffer.key()] = buffer.value();
    }
  }
  std::vector<std::string> unmatched;
  torch::NoGradGuard no_grad;
  for (const auto& [key, value] : state) {
    auto target = targets.find(key);
    if (target == targets.end()) {
      unmatched.push_back(key);
      continue;
    }
    // set_data keeps the registered tensor object and adopts the stored shape, which is how a
    // lazy (zero-element) parameter is materialized.
    target->second.set_data(value.to(target->second.options()).clone());
  }
  return unmatched;
}

void save_quantizer_state(const torch::nn::Module& module, const std::string& path) {
  c10::Dict<std::string, at::Tensor> dict;
  for (const auto& [key, value] : quantizer_state_dict(module)) dict.insert(key, value);
  const auto bytes = torch::pickle_save(c10::IValue(dict));
  std::ofstream out(path, std::ios::binary);
  TORCH_CHECK(out, "cannot write quantizer state to '", path, "'");
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  TORCH_CHECK(out, "failed writing quantizer state to '", path, "'");
}

void load_quantizer_state(torch::nn::Module& module, const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  TORCH_CHECK(in, "cannot read quantizer state from '", path, "'");
  const std::vector<char> bytes((std::istreambuf_iterator<char>(in)),
                                std::istreambuf_iterator<char>());
  const auto value = torch::pickle_load(bytes);
  TORCH_CHECK(value.isGenericDict(), "'", path, "' does not hold a quantizer state dictionary");
  std::map<std::string, at::Tensor> state;
  for (const auto& entry : value.toGenericDict()) {
    state[entry.key().toStringRef()] = entry.value().toTensor();
  }
  const auto unmatched = load_quantizer_state_dict(module, state);
  if (!unmatched.empty()) {
    std::string message = "quantizer state in '" + path + "' has keys that match no quantizer:";
    for (const auto& key : unmatched) message += " " + key;
    throw QuantizationError(message);
  }
}

namespace {
// torch::save writes one nested archive per child module; walk the model the same way.
void load_matching(torch::nn::Module& module, torch::serialize::InputArchive& archive,
                   const std::string& prefix, std::vector<std::string>& missing) {
  torch::NoGradGuard no_grad;
  for (auto& parameter : module.named_parameters(/*recurse=*/false)) {
    at::Tensor stored;
    if (!archive.try_read(parameter.key(), stored)) {
      missing.push_back(prefix + parameter.key());
      continue;
    }
    parameter.value().set_data(stored.to(parameter.value().options()));
  }
  for (auto& buffer : module.named_buffers(/*recurse=*/false)) {
    at::Tensor stored;
    if (!archive.try_read(buffer.key(), stored, /*is_buffer=*/true)) {
      missing.push_back(prefix + buffer.key());
      continue;
    }
    buffer.value().set_data(stored.to(buffer.value().options()));
  }
  for (const auto& child : module.named_children()) {
    if (std::dynamic_pointer_cast<nn::Quantizer>(child.value())) continue;
    torch::serialize::InputArchive child_archive;
    if (!archive.try_read(child.key(), child_archive)) {
      for (const auto& parameter : child.value()->named_parameters()) {
        missing.push_back(prefix + child.key() + "." + parameter.key());
      }
      continue;
    }
    load_matching(*child.value(), child_archive, prefix + child.key() + ".", missing);
  }
}
}  // namespace

void load_float_checkpoint(torch::nn::Module& model, const std::string& path) {
  torch::serialize::InputArchive archive;
  archive.load_from(path);
  std::vector<std::string> missing;
  load_matching(model, archive, "", missing);
  if (!missing.empty()) {
    std::string message = "float checkpoint '" + path + "' lacks:";
    for (const auto& key : missing) message += " " + key;
    throw QuantizationError(message);
  }
}

}  // namespace fastforward::quantization

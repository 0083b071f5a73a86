// QuantizedModule registration, slot replacement and path-based quantizer lookup.
#include "fastforward/nn/quantized_module.h"

#include <algorithm>
#include <sstream>

namespace fastforward::nn {

Quantizer* QuantizerSlot::operator->() const {
  Quantizer* quantizer = get();
  TORCH_CHECK(quantizer, "quantizer slot '", name(), "' is empty");
  return quantizer;
}

std::shared_ptr<QuantizerSlot::Cell> QuantizedModule::find_cell(const std::string& name) const {
  for (const auto& cell : cells_) {
    if (cell->name == name) return cell;
  }
  return nullptr;
}

QuantizerSlot QuantizedModule::register_quantizer(const std::string& name,
                                                  QuantizerMetadata metadata) {
  return register_quantizer(name, std::make_shared<QuantizerStub>(std::move(metadata)));
}

QuantizerSlot QuantizedModule::register_quantizer(const std::string& name,
                                                  std::shared_ptr<Quantizer> quantizer) {
  TORCH_CHECK(!find_cell(name), "quantizer '", name, "' is already registered");
  auto cell = std::make_shared<QuantizerSlot::Cell>();
  cell->name = name;
  cells_.push_back(cell);
  set_quantizer(name, std::move(quantizer));
  return QuantizerSlot(cell);
}

void QuantizedModule::set_quantizer(const std::string& name,
                                    std::shared_ptr<Quantizer> quantizer) {
  auto cell = find_cell(name);
  if (!cell) {
    cell = std::make_shared<QuantizerSlot::Cell>();
    cell->name = name;
    cells_.push_back(cell);
  }
  torch::nn::Module& module = *this;
  if (!quantizer) {
    // LibTorch has no null children: an empty slot simply has no registered module.
    if (cell->quantizer) module.unregister_module(name);
    cell->quantizer = nullptr;
    return;
  }
  // Metadata reconciliation (spec §1.4): the module's stored metadata wins and is shared.
  if (!cell->metadata) {
    cell->metadata = quantizer->quant_metadata ? quantizer->quant_metadata
                                               : std::make_shared<QuantizerMetadata>();
  } else if (quantizer->quant_metadata && quantizer->quant_metadata != cell->metadata &&
             !cell->metadata->is_extension(*quantizer->quant_metadata)) {
    TORCH_WARN("metadata of the quantizer assigned to '", name,
               "' does not extend the module's; keeping the module's metadata");
  }
  quantizer->quant_metadata = cell->metadata;
  if (cell->quantizer) {
    module.replace_module(name, quantizer);
  } else {
    module.register_module(name, quantizer);
  }
  cell->quantizer = std::move(quantizer);
}

std::shared_ptr<Quantizer> QuantizedModule::quantizer(const std::string& name) const {
  auto cell = find_cell(name);
  return cell ? cell->quantizer : nullptr;
}

QuantizerSlot QuantizedModule::quantizer_slot(const std::string& name) const {
  auto cell = find_cell(name);
  TORCH_CHECK(cell, "no quantizer named '", name, "'");
  return QuantizerSlot(cell);
}

std::shared_ptr<QuantizerMetadata> QuantizedModule::quantizer_metadata(
    const std::string& name) const {
  auto cell = find_cell(name);
  return cell ? cell->metadata : nullptr;
}

std::vector<std::string> QuantizedModule::quantizer_names() const {
  std::vector<std::string> names;
  for (const auto& cell : cells_) names.push_back(cell->name);
  return names;
}

void QuantizedModule::sync_quantizer_slots() {
  const auto children = named_children();
  for (const auto& cell : cells_) {
    const auto* child = children.find(cell->name);
    auto registered = child ? std::dynamic_pointer_cast<Quantizer>(*child) : nullptr;
    if (registered != cell->quantizer) {
      if (registered && cell->metadata) registered->quant_metadata = cell->metadata;
      cell->quantizer = registered;
    }
  }
}

std::vector<std::pair<std::string, std::shared_ptr<Quantizer>>> named_quantizers(
    const torch::nn::Module& root, bool skip_stubs) {
  std::vector<std::pair<std::string, std::shared_ptr<Quantizer>>> result;
  for (const auto& entry : root.named_modules()) {
    auto quantizer = std::dynamic_pointer_cast<Quantizer>(entry.value());
    if (quantizer && !(skip_stubs && quantizer->is_stub())) {
      result.emplace_back(entry.key(), std::move(quantizer));
    }
  }
  return result;
}

namespace {
/// "blocks.3.conv.weight_quantizer" -> "blocks.[].conv.weight_quantizer".
std::string fold_numeric_segments(const std::string& path) {
  std::string out;
  std::size_t start = 0;
  while (start <= path.size()) {
    const std::size_t dot = std::min(path.find('.', start), path.size());
    const std::string segment = path.substr(start, dot - start);
    const bool numeric = !segment.empty() && std::all_of(segment.begin(), segment.end(), [](char c) {
      return c >= '0' && c <= '9';
    });
    if (!out.empty()) out += '.';
    out += numeric ? "[]" : segment;
    start = dot + 1;
  }
  return out;
}
}  // namespace

std::string summarize_quantizers(const torch::nn::Module& root, bool include_stubs) {
  struct Group {
    std::string description;
    std::size_t count = 0;
    std::vector<std::pair<std::string, std::size_t>> locations;  // folded path, count
  };
  std::vector<Group> groups;
  for (const auto& [path, quantizer] : named_quantizers(root, !include_stubs)) {
    std::ostringstream printed;
    quantizer->pretty_print(printed);
    auto group = std::find_if(groups.begin(), groups.end(),
                              [&](const Group& g) { return g.description == printed.str(); });
    if (group == groups.end()) group = groups.insert(groups.end(), Group{printed.str(), 0, {}});
    ++group->count;
    const std::string folded = fold_numeric_segments(path.empty() ? "<root>" : path);
    auto location = std::find_if(group->locations.begin(), group->locations.end(),
                                 [&](const auto& l) { return l.first == folded; });
    if (location == group->locations.end()) group->locations.emplace_back(folded, 1);
    else ++location->second;
  }
  std::ostringstream out;
  for (const Group& group : groups) {
    out << group.count << "x " << group.description << "\n";
    for (const auto& [location, count] : group.locations) {
      out << "    " << location;
      if (count > 1) out << " (" << count << "x)";
      out << "\n";
    }
  }
  return out.str();
}

std::shared_ptr<torch::nn::Module> find_module(torch::nn::Module& root, const std::string& path) {
  std::shared_ptr<torch::nn::Module> current = root.shared_from_this();
  size_t start = 0;
  while (start < path.size()) {
    const size_t dot = std::min(path.find('.', start), path.size());
    const auto children = current->named_children();
    const auto* child = children.find(path.substr(start, dot - start));
    if (!child) return nullptr;
    current = *child;
    start = dot + 1;
  }
  return current;
}

void set_quantizer(torch::nn::Module& root, const std::string& path,
                   std::shared_ptr<Quantizer> quantizer) {
  const size_t dot = path.rfind('.');
  const std::string parent_path = dot == std::string::npos ? "" : path.substr(0, dot);
  const std::string name = dot == std::string::npos ? path : path.substr(dot + 1);
  auto parent = find_module(root, parent_path);
  TORCH_CHECK(parent, "no module at '", parent_path, "'");
  if (!quantizer) {
    auto* quantized = dynamic_cast<QuantizedModule*>(parent.get());
    TORCH_CHECK(quantized, "cannot empty quantizer '", path, "' outside a QuantizedModule");
    quantized->set_quantizer(name, nullptr);
    return;
  }
  set_child_module(*parent, name, std::move(quantizer));
}

void set_child_module(torch::nn::Module& parent, const std::string& name,
                      std::shared_ptr<torch::nn::Module> module) {
  auto* owner = dynamic_cast<QuantizedModule*>(&parent);
  if (auto quantizer = std::dynamic_pointer_cast<Quantizer>(module); owner && quantizer) {
    owner->set_quantizer(name, std::move(quantizer));
  } else if (parent.named_children().contains(name)) {
    parent.replace_module(name, std::move(module));
  } else {
    parent.register_module(name, std::move(module));
  }
}

}  // namespace fastforward::nn

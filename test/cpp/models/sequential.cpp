// User blocks in a Sequential filled in a loop, a block held by a plain std::shared_ptr, a
// namespace around the classes, and a forward that iterates a ModuleList.
#include <torch/torch.h>

namespace zoo {

struct BlockImpl : torch::nn::Module {
  explicit BlockImpl(int64_t width) : fc(register_module("fc", torch::nn::Linear(width, width))) {}
  torch::Tensor forward(torch::Tensor x) {
    auto out = fc(x);
    out += x;
    return torch::relu(out);
  }
  torch::nn::Linear fc{nullptr};
};
TORCH_MODULE(Block);

struct StackImpl : torch::nn::Module {
  StackImpl(int64_t width, int64_t depth) {
    for (int64_t i = 0; i < depth; ++i) layers->push_back(Block(width));
    register_module("layers", layers);
    extra = register_module("extra", std::make_shared<BlockImpl>(width));
    for (int64_t i = 0; i < 2; ++i) heads->push_back(torch::nn::Linear(width, width));
    register_module("heads", heads);
  }
  torch::Tensor forward(torch::Tensor x) {
    x = layers->forward(x);
    x = extra->forward(x);
    for (const auto& head : *heads) {
      x = head->as<torch::nn::Linear>()->forward(x) * 0.5;
    }
    return torch::sigmoid(x);
  }
  torch::nn::Sequential layers;
  std::shared_ptr<BlockImpl> extra;
  torch::nn::ModuleList heads;
};
TORCH_MODULE(Stack);

} // namespace zoo

// A ResNet class template over its block type, filling a Sequential in a loop; the quantized
// template is instantiated with the quantized block.
#include <torch/torch.h>

struct BasicBlockImpl : torch::nn::Module {
  explicit BasicBlockImpl(int64_t channels)
      : conv(register_module("conv", torch::nn::Conv2d(torch::nn::Conv2dOptions(channels, channels, 3).padding(1)))) {}
  torch::Tensor forward(torch::Tensor x) { return torch::relu(conv(x)) + x; }
  torch::nn::Conv2d conv{nullptr};
};
TORCH_MODULE(BasicBlock);

template <class Block>
struct ResNetImpl : torch::nn::Module {
  ResNetImpl(int64_t channels, int64_t depth)
      : stem(register_module("stem", torch::nn::Conv2d(torch::nn::Conv2dOptions(3, channels, 3).padding(1)))) {
    for (int64_t i = 0; i < depth; ++i) layers->push_back(Block(channels));
    register_module("layers", layers);
  }
  torch::Tensor forward(torch::Tensor x) {
    x = torch::relu(stem(x));
    x = layers->forward(x);
    return torch::adaptive_avg_pool2d(x, {1, 1}).flatten(1);
  }
  torch::nn::Conv2d stem{nullptr};
  torch::nn::Sequential layers;
};

using ResNet = std::shared_ptr<ResNetImpl<BasicBlock>>;

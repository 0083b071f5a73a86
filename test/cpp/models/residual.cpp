// A residual block with private members, built with a free function that returns a Conv2d, and
// a class-level constructor defined out of line.
#include <torch/torch.h>

torch::nn::Conv2d conv3x3(int64_t in, int64_t out) {
  return torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, 3).padding(1).bias(false));
}

class ResidualBlockImpl : public torch::nn::Module {
 public:
  ResidualBlockImpl(int64_t channels);
  torch::Tensor forward(const torch::Tensor& x);

 private:
  torch::nn::Conv2d conv1{nullptr}, conv2{nullptr};
  torch::nn::BatchNorm2d bn{nullptr};
};
TORCH_MODULE(ResidualBlock);

ResidualBlockImpl::ResidualBlockImpl(int64_t channels)
    : conv1(register_module("conv1", conv3x3(channels, channels))),
      conv2(register_module("conv2", conv3x3(channels, channels))),
      bn(register_module("bn", torch::nn::BatchNorm2d(channels))) {}

torch::Tensor ResidualBlockImpl::forward(const torch::Tensor& x) {
  auto out = torch::relu(bn(conv1(x)));
  out = conv2(out);
  out += x;
  return torch::relu(out);
}

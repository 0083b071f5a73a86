// A small residual network in LibTorch: the float model of the C++ example. ffquant turns this
// header into quantized_tiny_resnet.h (QuantizedTinyResNet) at build time; see main.cpp.
#pragma once

#include <torch/torch.h>

struct ResidualBlockImpl : torch::nn::Module {
  explicit ResidualBlockImpl(int64_t channels)
      : conv1(register_module("conv1", torch::nn::Conv2d(torch::nn::Conv2dOptions(channels, channels, 3).padding(1)))),
        conv2(register_module("conv2", torch::nn::Conv2d(torch::nn::Conv2dOptions(channels, channels, 3).padding(1)))) {}

  torch::Tensor forward(torch::Tensor x) {
    auto out = torch::relu(conv1(x));
    out = conv2(out);
    return torch::relu(out + x * 0.5);
  }

  torch::nn::Conv2d conv1{nullptr}, conv2{nullptr};
};
TORCH_MODULE(ResidualBlock);

struct TinyResNetImpl : torch::nn::Module {
  TinyResNetImpl(int64_t channels = 8, int64_t classes = 10)
      : stem(register_module("stem", torch::nn::Conv2d(torch::nn::Conv2dOptions(3, channels, 3).padding(1)))),
        block1(register_module("block1", ResidualBlock(channels))),
        block2(register_module("block2", ResidualBlock(channels))),
        head(register_module("head", torch::nn::Linear(channels, classes))) {}

  torch::Tensor forward(torch::Tensor x) {
    x = torch::relu(stem(x));
    x = block1(x);
    x = block2(x);
    x = torch::adaptive_avg_pool2d(x, {1, 1}).flatten(1);
    return head(x);
  }

  torch::nn::Conv2d stem{nullptr};
  ResidualBlock block1{nullptr}, block2{nullptr};
  torch::nn::Linear head{nullptr};
};
TORCH_MODULE(TinyResNet);

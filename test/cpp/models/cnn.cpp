// A small CNN: convolutions, pooling, Tensor methods, a residual add with compound assignment,
// a branch and the ternary operator.
#include <torch/torch.h>

struct CnnImpl : torch::nn::Module {
  CnnImpl()
      : conv1(register_module("conv1", torch::nn::Conv2d(torch::nn::Conv2dOptions(3, 8, 3).padding(1)))),
        conv2(register_module("conv2", torch::nn::Conv2d(torch::nn::Conv2dOptions(8, 8, 3).padding(1)))),
        head(register_module("head", torch::nn::Linear(8, 5))) {}

  torch::Tensor forward(const torch::Tensor& input) {
    auto x = conv1(input).relu();
    auto residual = x;
    x = conv2(x);
    x += residual;
    x = torch::max_pool2d(x, 2);
    if (x.size(0) > 1) {
      x = x.sigmoid();
    } else {
      x = x.exp();
    }
    x = x.mean({2, 3});
    auto logits = head(x);
    return use_log ? torch::log_softmax(logits, 1) : torch::softmax(logits, 1);
  }

  bool use_log = false;
  torch::nn::Conv2d conv1{nullptr}, conv2{nullptr};
  torch::nn::Linear head{nullptr};
};
TORCH_MODULE(Cnn);

// ffquant-args: --pattern "torch::relu({x}) => torch::sigmoid({x})" --pattern "{a} * {b} => {b} + {a}"
// Restart on the rewritten node, structural matching of operators; torch::relu_ (another name)
// and x.relu() (a method, not a call of torch::relu) are near misses.
#include <torch/torch.h>

struct RewriteImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor x, torch::Tensor w) {
    auto a = torch::relu(x * w);
    auto b = torch::relu_(a);
    return b.relu() + torch::relu(  w  );
  }
};

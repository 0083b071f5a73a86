#include <torch/torch.h>

torch::Tensor twice(torch::Tensor x) { return x * 2; }

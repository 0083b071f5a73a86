// A Sequential-based VGG whose forward iterates its layers.
#include <torch/torch.h>

struct VggImpl : torch::nn::Module {
  VggImpl() {
    const int64_t widths[] = {4, 8};
    int64_t in = 3;
    for (int64_t w : widths) {
      features->push_back(torch::nn::Conv2d(torch::nn::Conv2dOptions(in, w, 3).padding(1)));
      features->push_back(torch::nn::ReLU());
      features->push_back(torch::nn::MaxPool2d(2));
      in = w;
    }
    register_module("features", features);
    classifier = register_module("classifier", torch::nn::Linear(8 * 2 * 2, 10));
  }

  torch::Tensor forward(torch::Tensor x) {
    for (auto& layer : *features) {
      x = layer.forward(x);
    }
    x = x.flatten(1);
    return torch::softmax(classifier(x), 1);
  }

  torch::nn::Sequential features;
  torch::nn::Linear classifier{nullptr};
};
TORCH_MODULE(Vgg);

// Runs the float model and its quantized copy generated at build time: with every quantizer a
// stub (the default), the copy computes exactly what the float model computes.
#include "models/quantized_tiny_mlp.h"

#include <iostream>

int main() {
  torch::manual_seed(0);
  TinyMlp model(4, 16, 2);
  QuantizedTinyMlp quantized(4, 16, 2);
  {
    // Parameter names are unchanged: a float model's state loads into the copy by name.
    torch::NoGradGuard guard;
    auto source = model->named_parameters();
    for (auto& p : quantized->named_parameters()) p.value().copy_(source[p.key()]);
  }
  torch::Tensor input = torch::randn({3, 4});
  torch::Tensor expected = model->forward(input);
  torch::Tensor actual = quantized->forward(input);
  bool same = torch::equal(expected, actual);
  std::cout << "quantized copy with stub quantizers " << (same ? "matches" : "DIFFERS FROM") << " the float model\n";
  return same ? 0 : 1;
}

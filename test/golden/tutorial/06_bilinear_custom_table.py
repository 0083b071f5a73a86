# ffquant-args: --no-type-inference --module-name __main__ --optable 06_bilinear_custom_table.yaml
import torch
import torch.nn.functional as F
import fastforward as ff

# This example seems similar to
# the first Linear example
class MyBilinear(torch.nn.Bilinear):
    def forward(self, input1: torch.Tensor, input2: torch.Tensor) -> torch.Tensor:
        return F.bilinear(input1, input2, self.weight, self.bias)

# ffquant-args: --module-name __main__
# The tutorial's annotated helper, converted with type inference on: y gets no quantizer.
import torch
import torch.nn.functional as F
import fastforward as ff

# helper function called from module
def helper(x: torch.Tensor, y: list[int]):
    y = y + y
    for y_ in y:
        x = x + y_
    return x

class MyModuleWithHelper(torch.nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return helper(x, [2])

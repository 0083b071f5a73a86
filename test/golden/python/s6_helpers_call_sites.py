# ffquant-args: --no-type-inference
import torch


# helper function that uses a helper
# itself
def helper(x, y):
    return inner_helper(x, y) + inner_helper(y, x)


def inner_helper(x, y):
    return x - y


def no_quant(x):
    return x


class MyModuleWithHelper(torch.nn.Module):
    def forward(self, x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        return helper(no_quant(x), y)

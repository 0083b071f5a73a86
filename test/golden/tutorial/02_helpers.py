# ffquant-args: --no-type-inference --module-name __main__
import torch
import fastforward as ff

# helper function that uses a helper
# itself
def helper(x, y):
    return inner_helper(x, y) + inner_helper(y, x)

def inner_helper(x, y):
    return x - y

class MyModuleWithHelper(torch.nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return helper(x, y)

# ffquant-args: --no-type-inference
import torch

CONST = abs(len("ab") + 1)


def unused(x):
    return torch.relu(x + 1)


class Numbering(torch.nn.Module):
    def forward(self, x, y, c):
        if not c:
            z = torch.relu(x * y)
        return (x + y).sum(), z

"""Every branch of if/elif/else must be converted, including the first `elif`/`else`.

Unannotated on purpose: the first alternative's `torch.sigmoid` is then the only use of `torch`
in the converted code, so a generated file that skips that branch also lacks `import torch`.
"""

import torch


class BranchNet(torch.nn.Module):
    def forward(self, x):
        if x.shape[0] > 2:
            y = torch.relu(x)
        else:
            y = torch.sigmoid(x)
        return y


class ChainNet(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.branch = BranchNet()

    def forward(self, x):
        if x.shape[1] > 3:
            y = torch.exp(x)
        elif x.shape[1] > 2:
            y = torch.cos(x)
        else:
            y = torch.sin(x)
        return self.branch(y)


def make_model(cls=None):
    torch.manual_seed(0)
    return (cls or ChainNet)()


def make_inputs():
    torch.manual_seed(1)
    return [(torch.randn(3, 4),), (torch.randn(2, 3),), (torch.randn(1, 2),)]

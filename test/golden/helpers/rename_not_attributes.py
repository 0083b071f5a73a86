import torch
import torch.nn.functional as F


def hardtanh(x):
    # The attribute F.hardtanh is not a reference to the helper.
    return F.hardtanh(x) * 2


def twice(x):
    return hardtanh(x) + hardtanh


class Net(torch.nn.Module):
    def forward(self, x):
        return twice(x)

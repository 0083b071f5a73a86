import torch

from elsewhere import external_helper


def helper(x):
    return x * 2


class Box:
    def __init__(self, x):
        self.x = x

    def helper(self, x):
        return x + 1


class Base(torch.nn.Module):
    def inherited(self, x):
        return x - 1


class Net(Base):
    def forward(self, x, box):
        a = external_helper(x)
        b = box.helper(x)
        c = Box(x)
        d = self.inherited(x)
        f = helper
        return a, b, c, d, f

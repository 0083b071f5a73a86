"""User functions that shadow table op names (`relu`, `softmax`), module-level op aliases and
constants (`act = F.gelu`, `G = torch.nn.functional`, `SCALE = torch.tensor(...)`), recursion, a local
that shares a helper's name, a helper shared by two modules."""

import torch
import torch.nn.functional as F

SCALE = torch.tensor(2.0)
act = torch.nn.functional.gelu
G = torch.nn.functional


def relu(x):
    return x * 0.5


def softmax(x, dim):
    return x - x.amax(dim, keepdim=True)


def rec(x, n: int):
    if n == 0:
        return x
    return rec(x * 2, n - 1)


class Net(torch.nn.Module):
    def forward(self, x):
        a = relu(x)
        b = softmax(a, -1)
        c = act(b) * SCALE
        d = G.silu(c)
        rec = d + 1
        return rec + F.relu(x)


class Other(torch.nn.Module):
    def forward(self, x):
        return rec(x, 2) + relu(x)


class Both(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.net = Net()
        self.other = Other()

    def forward(self, x):
        return self.net(x) * self.other(x)


def make_model(cls=None):
    torch.manual_seed(0)
    return (cls or Both)()


def make_inputs():
    torch.manual_seed(1)
    return [(torch.randn(2, 5),)]

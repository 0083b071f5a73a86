"""Inheritance: forward inherited from a base class that calls an overridden method.

`Child` inherits `forward` from `Base`; `self.act` in it is `Child.act` for a Child instance,
so `QuantizedChild.act` must be the converted `Child.act` (sigmoid + 1), not `Base.act` (relu).
Also: custom modules inside torch.nn.Sequential / ModuleDict, indexing into Sequential.
"""

import torch


class Base(torch.nn.Module):
    def __init__(self, n):
        super().__init__()
        self.w = torch.nn.Parameter(torch.randn(n))

    def forward(self, x):
        return self.act(x * self.w)

    def act(self, x):
        return torch.relu(x)


class Child(Base):
    def act(self, x):
        return torch.sigmoid(x) + 1


class Holder(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.seq = torch.nn.Sequential(Child(3), Base(3))
        self.md = torch.nn.ModuleDict({"a": Child(3)})

    def forward(self, x):
        return self.md["a"](self.seq(x)) - self.seq[0](x)


def make_model(cls=None):
    torch.manual_seed(0)
    return (cls or Holder)()


def make_inputs():
    torch.manual_seed(1)
    return [(torch.randn(2, 3),)]

"""A method named like a table op on an instance attribute that `__init__` sets to a non-tensor.

`self.acc = Accumulator()` / `self.seen = set()` in `__init__`: `self.acc.add(v)` and
`self.seen.add(n)` are not tensor methods and must stay unchanged (decision 8).
"""

import torch


# Receivers the run-equivalence check must not expect to be rewritten.
NON_TENSOR_RECEIVERS = ("self.seen", "self.acc")


class Accumulator:
    def __init__(self):
        self.total = 0.0

    def add(self, v):
        self.total += float(v)
        return self


class AttrNet(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.acc = Accumulator()
        self.seen = set()

    def forward(self, x):
        self.seen.add(x.shape[0])
        self.acc.add(2.0)
        return x.relu() + self.acc.total + len(self.seen)


def make_model(cls=None):
    torch.manual_seed(0)
    return (cls or AttrNet)()


def make_inputs():
    torch.manual_seed(1)
    return [(torch.randn(2, 3),), (torch.randn(4, 3),)]

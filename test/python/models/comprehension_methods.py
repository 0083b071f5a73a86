"""Tensor methods whose receiver is a comprehension target must be rewritten (decision 8).

`[o * 2 for o in xs]` and `[torch.relu(o) for o in xs]` are rewritten; `[o.relu() for o in xs]`
must be too: `o` is not known to be a non-tensor.
"""

import torch


class CompMethodNet(torch.nn.Module):
    def forward(self, xs):
        doubled = [o * 2 for o in xs]
        relus = [o.relu() for o in doubled]
        return torch.cat(relus, dim=0)


def make_model(cls=None):
    torch.manual_seed(0)
    return (cls or CompMethodNet)()


def make_inputs():
    torch.manual_seed(1)
    return [([torch.randn(2, 3) for _ in range(3)],)]

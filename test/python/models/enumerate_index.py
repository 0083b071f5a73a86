"""Integer arithmetic on the index of `enumerate` must stay plain Python.

`i` is an int (mypy, and so FastForward with type inference, knows it); rewriting `i + 1`
into `fastforward.nn.functional.add(quantizer_i(i), 1)` quantizes an int.
"""

import torch


class EnumNet(torch.nn.Module):
    def forward(self, xs: list[torch.Tensor]) -> torch.Tensor:
        out = xs[0] * 0.0
        for i, x in enumerate(xs):
            out = out + x * (i + 1)
        return out


def make_model(cls=None):
    torch.manual_seed(0)
    return (cls or EnumNet)()


def make_inputs():
    torch.manual_seed(1)
    return [([torch.randn(2, 3) for _ in range(3)],)]

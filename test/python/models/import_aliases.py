"""Import aliases (`from torch import nn, relu`, `functional as fn`, `import torch as T`), a
class-level op alias, semicolons, one-line if, docstrings and comments, __future__ import."""
from __future__ import annotations

from torch import nn, relu
from torch.nn import functional as fn
import torch as T


def scale(x: T.Tensor, s: float = 2.0) -> T.Tensor:
    """Doc."""
    # comment
    return x * s


class Act(nn.Module):
    act = T.sigmoid

    def forward(self, x: T.Tensor) -> T.Tensor:
        """Forward docstring."""
        y = self.act(x)  # trailing comment
        z = relu(y); w = fn.gelu(z)
        if w.numel() > 0: w = scale(w)
        return fn.softmax(w, dim=-1), w.shape[0]


def make_model(cls=None):
    T.manual_seed(0)
    return (cls or Act)()


def make_inputs():
    T.manual_seed(1)
    return [(T.randn(2, 5),)]

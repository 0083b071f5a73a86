"""for/else, while/else, lambdas, walrus, nested functions, starred args, definitions in try."""

import torch


def apply_all(x: torch.Tensor, *fns) -> torch.Tensor:
    for fn in fns:
        x = fn(x)
    return x


class ExtrasNet(torch.nn.Module):
    def forward(self, x: torch.Tensor, limit: float) -> torch.Tensor:
        for row in x:
            if row.sum() > limit:
                found = row * 2.0
                break
        else:
            found = x[0] - 1.0
        n = 0
        while n < 2:
            n += 1
        else:
            found = found + n
        double = lambda t: t * 2.0
        def shift(t: torch.Tensor) -> torch.Tensor:
            return t + 0.5
        try:
            bonus = torch.relu(found)
        except RuntimeError:
            bonus = found
        if (total := found.sum()) > 0:
            bonus = bonus + total
        return apply_all(bonus, double, shift)


def make_model(cls=None):
    torch.manual_seed(0)
    return (cls or ExtrasNet)()


def make_inputs():
    torch.manual_seed(1)
    return [(torch.randn(4, 3), 0.5), (torch.randn(4, 3), 100.0)]

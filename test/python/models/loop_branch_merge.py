"""Loop/branch merge (a variable reassigned in a branch inside a loop and used later in the
loop), lambdas that capture rewritten values, comprehension and walrus inside loops."""

import torch


def foo(t):
    return t * 3.0


class Net(torch.nn.Module):
    def forward(self, x, flags: list[bool]):
        y = x
        for c in flags:
            if c:
                y = foo(x)
            z = y * 2
            x = z + 1
        f = lambda: torch.relu(x)
        g = lambda t: t + x
        outs = []
        for k in range(2):
            outs.append([v * k for v in (x, y)])
            while (m := x.sum()) > 100:
                x = x - m
        w = f() + g(y)
        return w, outs


def make_model(cls=None):
    torch.manual_seed(0)
    return (cls or Net)()


def make_inputs():
    torch.manual_seed(1)
    return [(torch.randn(2, 3), [True, False, True]), (torch.randn(2, 3) * 100, [False])]

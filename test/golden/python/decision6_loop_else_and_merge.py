# ffquant-args: --no-type-inference
import torch


def foo(x):
    return x


class ForElse(torch.nn.Module):
    def forward(self, xs, y):
        for x in xs:
            if x is None:
                break
        else:
            y = foo(y)
        return torch.relu(y)


class BranchInLoop(torch.nn.Module):
    def forward(self, xs, c):
        y = None
        for x in xs:
            if c:
                y = foo(x)
            z = y * 2
        return z


class Root(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.a = ForElse()
        self.b = BranchInLoop()

    def forward(self, x):
        return self.a(x, x) + self.b(x, True)

import torch


def foo(x):
    return x


class Unannotated(torch.nn.Module):
    def forward(self, x):
        a = foo(foo(1))
        b = 2 * 3 + x
        c = torch.relu(foo(x))
        return a, b, c

import torch


def with_kwonly(x, *, alpha=1.0):
    return x * alpha


def with_varargs(x, *rest, **options):
    return x + 1


def with_posonly(x, /, y):
    return x - y


class Net(torch.nn.Module):
    def forward(self, x, y):
        a = with_kwonly(x, alpha=0.5)
        b = with_varargs(a, 1, 2, mode="fast")
        return with_posonly(b, y)

# ffquant-args: --no-type-inference
import torch


def pair(x):
    return x, x


class AssignmentForms(torch.nn.Module):
    def forward(self, x, y):
        a = b = torch.relu(x)
        c, d = pair(y)
        e: torch.Tensor = y.view(-1)
        self.cache = e
        f = c * d + e
        def inner(t, u=2):
            return t * u
        g = inner(a)
        return a, b, f, g

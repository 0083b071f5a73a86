# ffquant-args: --no-type-inference
import torch


class Comprehensions(torch.nn.Module):
    def forward(self, xs, c):
        a = [torch.relu(x) for x in xs if x > 0]
        b = [x * x for x in xs]
        if c:
            s = {torch.sigmoid(v) for v in xs}
        elif c is None:
            s = (torch.relu(v) for v in xs)
        else:
            s = {k: torch.relu(v) for k, v in zip(xs, xs)}
        return a, b, s

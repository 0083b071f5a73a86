# ffquant-args: --no-type-inference --no-tensor-methods
import torch


class NoTensorMethods(torch.nn.Module):
    def forward(self, x, y):
        a = x.relu()
        b = x.sum(1)
        c = a.softmax(-1)
        x.add_(y)
        d = x.view(-1)
        e = b.sum(dim=1, keepdim=True)
        return a, b, c, d, e

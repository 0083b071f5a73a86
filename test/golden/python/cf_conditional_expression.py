# ffquant-args: --no-type-inference
import torch


class IfExpr(torch.nn.Module):
    def forward(self, x, y, c):
        a = torch.relu(x + 1) if c else y.sum()
        b = torch.sigmoid(a if c else x)
        return a, b

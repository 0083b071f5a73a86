# ffquant-args: --no-type-inference
import torch


class ComprehensionInLoop(torch.nn.Module):
    def forward(self, xs, n):
        out = []
        for i in range(n):
            out = [torch.relu(x) for x in xs]
        return out

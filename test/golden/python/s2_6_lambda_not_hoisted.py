# ffquant-args: --no-type-inference
import torch


class LambdaBody(torch.nn.Module):
    def forward(self, x):
        f = lambda: torch.relu(x * 2)
        v = torch.relu(x) + 1
        return f, v

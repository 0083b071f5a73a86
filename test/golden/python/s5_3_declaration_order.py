# ffquant-args: --no-type-inference
import torch


class Case5(torch.nn.Module):
    def forward(self, x):
        y = torch.relu(x)
        x = self.do_something(y)
        return torch.sigmoid(x)

    def do_something(self, x):
        return x * 2


class OpsThenVariablesThenParameters(torch.nn.Module):
    def forward(self, x, w):
        for t in x:
            h = t.view(-1)
            x = torch.relu(h) * self.gain
        return x @ w

# ffquant-args: --no-type-inference
import torch
import torch.nn.functional as F


class Overloads(torch.nn.Module):
    def forward(self, x, a):
        s = torch.sum(x, dim=1, keepdim=True)
        t = F.softmax(x)
        u = F.softmax(x, dim=-1)
        v = torch.relu(*a)
        w = torch.relu(x, bogus=1)
        return s, t, u, v, w

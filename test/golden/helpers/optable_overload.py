# ffquant-args: --no-type-inference --optable linear_overload.yaml
import torch
import torch.nn.functional as F


class Net(torch.nn.Module):
    def forward(self, x, w, b):
        y = F.linear(x, w)
        z = F.linear(y, w, b)
        return F.linear(z, w, bias=b)

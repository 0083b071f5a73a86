# ffquant-args: --no-type-inference --optable custom_ops.yaml
import torch


class Net(torch.nn.Module):
    def forward(self, x):
        s = torch.logsumexp(x, 1)
        t = x.tanh()
        u = torch.tanh(s)
        # Near-misses: the in-place method and an unrelated method stay as written.
        x.tanh_()
        v = x.tan()
        return t + u + v

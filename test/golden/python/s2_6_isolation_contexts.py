# ffquant-args: --no-type-inference
import torch


class Isolation(torch.nn.Module):
    def forward(self, x, w, idx):
        # leading comment moves onto the first _tmp line
        y = torch.relu(x @ w)
        print(x + 1)
        assert torch.sum(x * 2) > 0
        z = x[idx + 1]
        t = torch.softmax(x, dim=x.dim() - 1)
        u = torch.relu(x).sum()
        s = f"{x + 1}"
        f = lambda: torch.relu(x)
        while torch.sum(x) > 0:
            x = x - 1
        return y, z, t, u, s, f

# ffquant-args: --no-type-inference
import torch


class MultipleMethods(torch.nn.Module):
    def forward(self, x):
        y = self.helper(x)
        z = MultipleMethods.static_helper(y)
        w = self._cls_helper(z)
        return self.unused_no_ops(w)

    def helper(self, x):
        return torch.relu(x)

    @staticmethod
    def static_helper(x):
        return x * 2

    @classmethod
    def _cls_helper(cls, x):
        return torch.sigmoid(x)

    def unused_no_ops(self, x):
        return x

    def never_called(self, x):
        return x + 1

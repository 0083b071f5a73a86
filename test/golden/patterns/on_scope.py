# ffquant-args: --no-type-inference --module-name module --patterns on_scope.yaml
# `on` limits a rule to a scope: module.Model.forward applies in Model.forward only;
# `Model` alone (no module prefix) never applies.
import torch


class Model(torch.nn.Module):
    def forward(self, x):
        return torch.relu(x) + self.other(x)

    def other(self, x):
        return torch.relu(x)

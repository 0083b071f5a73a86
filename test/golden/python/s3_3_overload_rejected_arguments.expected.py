import fastforward
import torch
import torch.nn.functional as F
from s3_3_overload_rejected_arguments import Overloads


class QuantizedOverloads(fastforward.nn.QuantizedModule, Overloads):
    def __init_quantization__(self) -> None:
        super().__init_quantization__()
        self.quantizer_softmax: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_relu: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_x: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_a: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()

    def forward(self, x, a):
        x = self.quantizer_x(x)
        a = self.quantizer_a(a)
        s = torch.sum(x, dim=1, keepdim=True)
        t = F.softmax(x)
        u = fastforward.nn.functional.softmax(x, dim=-1, output_quantizer=self.quantizer_softmax)
        v = fastforward.nn.functional.relu(*a, output_quantizer=self.quantizer_relu)
        w = torch.relu(x, bogus=1)
        return s, t, u, v, w

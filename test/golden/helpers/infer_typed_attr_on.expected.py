import fastforward
import torch
from infer_typed_attr_on import Attention


class QuantizedAttention(fastforward.nn.QuantizedModule, Attention):
    def __init_quantization__(self) -> None:
        super().__init_quantization__()
        self.quantizer_mul: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_s: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_q: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()

    def forward(self, q: torch.Tensor) -> torch.Tensor:
        q = self.quantizer_q(q)
        s = self.scale * 2.0
        s = self.quantizer_s(s)
        e = self.eps + self.bias
        return fastforward.nn.functional.mul(q, s, output_quantizer=self.quantizer_mul)

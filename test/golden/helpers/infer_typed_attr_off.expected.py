import fastforward
import torch
from infer_typed_attr_off import Attention


class QuantizedAttention(fastforward.nn.QuantizedModule, Attention):
    def __init_quantization__(self) -> None:
        super().__init_quantization__()
        self.quantizer_mul_1: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_add: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_mul_2: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_self_bias: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_self_eps: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_self_scale: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_q: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()

    def forward(self, q: torch.Tensor) -> torch.Tensor:
        q = self.quantizer_q(q)
        self_scale = self.quantizer_self_scale(self.scale)
        s = fastforward.nn.functional.mul(self_scale, 2.0, output_quantizer=self.quantizer_mul_1)
        self_bias = self.quantizer_self_bias(self.bias)
        self_eps = self.quantizer_self_eps(self.eps)
        e = fastforward.nn.functional.add(self_eps, self_bias, output_quantizer=self.quantizer_add)
        return fastforward.nn.functional.mul(q, s, output_quantizer=self.quantizer_mul_2)

import fastforward
import torch
from mypkg.model import Block, Net


def quantized_scale(t: torch.Tensor, s: float, *, quantizer_mul: fastforward.nn.Quantizer, quantizer_t: fastforward.nn.Quantizer, quantizer_s: fastforward.nn.Quantizer) -> torch.Tensor:
    t = quantizer_t(t)
    s = quantizer_s(s)
    return fastforward.nn.functional.mul(t, s, output_quantizer=quantizer_mul)


class QuantizedNet(fastforward.nn.QuantizedModule, Net):
    def __init_quantization__(self) -> None:
        super().__init_quantization__()
        self.quantizer_softmax: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer__tmp_2: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        _tmp_2 = self.block(x)
        _tmp_2 = self.quantizer__tmp_2(_tmp_2)
        return fastforward.nn.functional.softmax(_tmp_2, dim=-1, output_quantizer=self.quantizer_softmax)   # self.block(x) → _tmp_2


class QuantizedBlock(fastforward.nn.QuantizedModule, Block):
    def __init_quantization__(self) -> None:
        super().__init_quantization__()
        self.quantizer_gelu: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_add: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_h: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_x: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_scale_mul: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_scale_t: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_scale_s: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.quantizer_x(x)
        h = self.proj(x)
        h = self.quantizer_h(h)
        _tmp_1 = fastforward.nn.functional.gelu(h, output_quantizer=self.quantizer_gelu)
        h = fastforward.nn.functional.add(_tmp_1, x, output_quantizer=self.quantizer_add)            # F.gelu(...) is an operand → _tmp_1 (first in file)
        return quantized_scale(h, 0.5, quantizer_mul=self.quantizer_scale_mul, quantizer_t=self.quantizer_scale_t, quantizer_s=self.quantizer_scale_s)

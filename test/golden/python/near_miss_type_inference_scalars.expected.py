import fastforward
import torch
from near_miss_type_inference_scalars import Scalars


class QuantizedScalars(fastforward.nn.QuantizedModule, Scalars):
    def __init_quantization__(self) -> None:
        super().__init_quantization__()
        self.quantizer_mul: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_add: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_m: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_s: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_x: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()

    def forward(self, x: torch.Tensor, n: int, f: float) -> torch.Tensor:
        x = self.quantizer_x(x)
        m: int = n * 2
        m = self.quantizer_m(m)
        s = self.scale * 2.0
        s = self.quantizer_s(s)
        h = self.heads % 2
        b, t = x.shape
        k = x.size(-1) // 2
        neg = -n
        _tmp_1 = fastforward.nn.functional.mul(x, s, output_quantizer=self.quantizer_mul)
        return fastforward.nn.functional.add(_tmp_1, m, output_quantizer=self.quantizer_add)

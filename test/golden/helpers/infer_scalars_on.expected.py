import fastforward
import torch
from infer_scalars_on import Net


class QuantizedNet(fastforward.nn.QuantizedModule, Net):
    def __init_quantization__(self) -> None:
        super().__init_quantization__()
        self.quantizer_mul_1: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_add_1: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_mul_2: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_add_2: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_add_3: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_add_4: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_a: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_b: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_c: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_x: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_m: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()

    def forward(self, x: torch.Tensor, n: int, f: float, m):
        x = self.quantizer_x(x)
        m = self.quantizer_m(m)
        a = n + 1
        a = self.quantizer_a(a)
        b = -f
        b = self.quantizer_b(b)
        c = int(f) * n
        c = self.quantizer_c(c)
        d = fastforward.nn.functional.mul(torch.tensor(2.0), a, output_quantizer=self.quantizer_mul_1)
        e = fastforward.nn.functional.add(m, 1, output_quantizer=self.quantizer_add_1)
        _tmp_1 = fastforward.nn.functional.mul(x, c, output_quantizer=self.quantizer_mul_2)
        _tmp_2 = fastforward.nn.functional.add(_tmp_1, d, output_quantizer=self.quantizer_add_2)
        _tmp_3 = fastforward.nn.functional.add(_tmp_2, b, output_quantizer=self.quantizer_add_3)
        return fastforward.nn.functional.add(_tmp_3, e, output_quantizer=self.quantizer_add_4)

import fastforward
import torch
from infer_size_off import Net


class QuantizedNet(fastforward.nn.QuantizedModule, Net):
    def __init_quantization__(self) -> None:
        super().__init_quantization__()
        self.quantizer_mul: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_add: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_sub: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_floor_divide: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_negative: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_x: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_y: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_z: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_a: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_b: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_n: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_u: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()

    def forward(self, t: torch.Tensor) -> torch.Tensor:
        x, y, z = t.shape
        x = self.quantizer_x(x)
        y = self.quantizer_y(y)
        z = self.quantizer_z(z)
        _tmp_1 = fastforward.nn.functional.mul(x, y, output_quantizer=self.quantizer_mul)
        w = fastforward.nn.functional.add(_tmp_1, z, output_quantizer=self.quantizer_add)
        a, b = t.size()
        a = self.quantizer_a(a)
        b = self.quantizer_b(b)
        c = fastforward.nn.functional.sub(a, b, output_quantizer=self.quantizer_sub)
        n = t.size(0)
        n = self.quantizer_n(n)
        m = fastforward.nn.functional.floor_divide(n, 2, output_quantizer=self.quantizer_floor_divide)
        s = t.shape
        u, v = s
        u = self.quantizer_u(u)
        k = fastforward.nn.functional.negative(u, output_quantizer=self.quantizer_negative)
        return t.reshape(w, c, m, k)

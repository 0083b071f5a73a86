import fastforward
import torch
from infer_scalars_off import Net


class QuantizedNet(fastforward.nn.QuantizedModule, Net):
    def __init_quantization__(self) -> None:
        super().__init_quantization__()
        self.quantizer_add_1: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_negative: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_mul_1: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_mul_2: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_add_2: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_mul_3: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_add_3: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_add_4: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_add_5: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer__tmp_1: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer__tmp_2: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_x: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_n: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_f: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_m: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()

    def forward(self, x: torch.Tensor, n: int, f: float, m):
        x = self.quantizer_x(x)
        n = self.quantizer_n(n)
        f = self.quantizer_f(f)
        m = self.quantizer_m(m)
        a = fastforward.nn.functional.add(n, 1, output_quantizer=self.quantizer_add_1)
        b = fastforward.nn.functional.negative(f, output_quantizer=self.quantizer_negative)
        _tmp_1 = int(f)
        _tmp_1 = self.quantizer__tmp_1(_tmp_1)
        c = fastforward.nn.functional.mul(_tmp_1, n, output_quantizer=self.quantizer_mul_1)
        _tmp_2 = torch.tensor(2.0)
        _tmp_2 = self.quantizer__tmp_2(_tmp_2)
        d = fastforward.nn.functional.mul(_tmp_2, a, output_quantizer=self.quantizer_mul_2)
        e = fastforward.nn.functional.add(m, 1, output_quantizer=self.quantizer_add_2)
        _tmp_3 = fastforward.nn.functional.mul(x, c, output_quantizer=self.quantizer_mul_3)
        _tmp_4 = fastforward.nn.functional.add(_tmp_3, d, output_quantizer=self.quantizer_add_3)
        _tmp_5 = fastforward.nn.functional.add(_tmp_4, b, output_quantizer=self.quantizer_add_4)
        return fastforward.nn.functional.add(_tmp_5, e, output_quantizer=self.quantizer_add_5)

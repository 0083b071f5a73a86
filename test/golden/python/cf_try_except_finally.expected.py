import fastforward
from cf_try_except_finally import TryDefinitionsSurvive, TryForms, risky


class QuantizedTryForms(fastforward.nn.QuantizedModule, TryForms):
    def __init_quantization__(self) -> None:
        super().__init_quantization__()
        self.quantizer_mul_1: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_mul_2: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_add: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_sub: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_relu: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_mul_3: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_a: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_x: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_y: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()

    def forward(self, x, y):
        x = self.quantizer_x(x)
        y = self.quantizer_y(y)
        try:
            a = risky(x)
            a = self.quantizer_a(a)
            b = fastforward.nn.functional.mul(a, 2, output_quantizer=self.quantizer_mul_1)
        except ValueError as e:
            b = fastforward.nn.functional.mul(y, 3, output_quantizer=self.quantizer_mul_2)
        else:
            b = fastforward.nn.functional.add(b, 1, output_quantizer=self.quantizer_add)
        finally:
            c = fastforward.nn.functional.sub(y, 1, output_quantizer=self.quantizer_sub)
        _tmp_1 = fastforward.nn.functional.relu(x, output_quantizer=self.quantizer_relu)
        return fastforward.nn.functional.mul(_tmp_1, y, output_quantizer=self.quantizer_mul_3)


class QuantizedTryDefinitionsSurvive(fastforward.nn.QuantizedModule, TryDefinitionsSurvive):
    def __init_quantization__(self) -> None:
        super().__init_quantization__()
        self.quantizer_relu: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_add: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_h_1: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_h_2: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_f: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()

    def forward(self, x):
        try:
            h = risky(x)
            h = self.quantizer_h_1(h)
            g = risky(h)
        except ValueError:
            h = x.view(-1)
            h = self.quantizer_h_2(h)
        finally:
            f = risky(x)
            f = self.quantizer_f(f)
        _tmp_2 = fastforward.nn.functional.relu(h, output_quantizer=self.quantizer_relu)
        return fastforward.nn.functional.add(_tmp_2, f, output_quantizer=self.quantizer_add)

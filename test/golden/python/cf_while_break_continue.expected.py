import fastforward
from cf_while_break_continue import ForBreak, WhileLoop, step


class QuantizedWhileLoop(fastforward.nn.QuantizedModule, WhileLoop):
    def __init_quantization__(self) -> None:
        super().__init_quantization__()
        self.quantizer_sub: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_relu: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_mul: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_sigmoid: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_y_1: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_z: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_y_2: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_n: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()

    def forward(self, x, n):
        n = self.quantizer_n(n)
        y = step(x)
        y = self.quantizer_y_1(y)
        while n > 0:
            n = fastforward.nn.functional.sub(n, 1, output_quantizer=self.quantizer_sub)
            if n == 3:
                continue
            z = step(y)
            z = self.quantizer_z(z)
            if n == 1:
                y = step(z)
                y = self.quantizer_y_2(y)
                break
            _tmp_1 = fastforward.nn.functional.relu(y, output_quantizer=self.quantizer_relu)
            y = fastforward.nn.functional.mul(_tmp_1, z, output_quantizer=self.quantizer_mul)
        return fastforward.nn.functional.sigmoid(y, output_quantizer=self.quantizer_sigmoid)


class QuantizedForBreak(fastforward.nn.QuantizedModule, ForBreak):
    def __init_quantization__(self) -> None:
        super().__init_quantization__()
        self.quantizer_relu: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_sum: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_out: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_x: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()

    def forward(self, xs):
        out = None
        out = self.quantizer_out(out)
        for x in xs:
            x = self.quantizer_x(x)
            if x is None:
                continue
            out = fastforward.nn.functional.relu(x, output_quantizer=self.quantizer_relu)
            if fastforward.nn.functional.sum(out, output_quantizer=self.quantizer_sum) > 0:
                break
        return out

import fastforward
from decision6_loop_else_and_merge import BranchInLoop, ForElse, Root, foo


class QuantizedRoot(fastforward.nn.QuantizedModule, Root):
    def __init_quantization__(self) -> None:
        super().__init_quantization__()
        self.quantizer_add: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer__tmp_1: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer__tmp_2: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()

    def forward(self, x):
        _tmp_1 = self.a(x, x)
        _tmp_1 = self.quantizer__tmp_1(_tmp_1)
        _tmp_2 = self.b(x, True)
        _tmp_2 = self.quantizer__tmp_2(_tmp_2)
        return fastforward.nn.functional.add(_tmp_1, _tmp_2, output_quantizer=self.quantizer_add)


class QuantizedForElse(fastforward.nn.QuantizedModule, ForElse):
    def __init_quantization__(self) -> None:
        super().__init_quantization__()
        self.quantizer_relu: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_y_1: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_y_2: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()

    def forward(self, xs, y):
        y = self.quantizer_y_2(y)
        for x in xs:
            if x is None:
                break
        else:
            y = foo(y)
            y = self.quantizer_y_1(y)
        return fastforward.nn.functional.relu(y, output_quantizer=self.quantizer_relu)


class QuantizedBranchInLoop(fastforward.nn.QuantizedModule, BranchInLoop):
    def __init_quantization__(self) -> None:
        super().__init_quantization__()
        self.quantizer_mul: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_y_1: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_y_2: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()

    def forward(self, xs, c):
        y = None
        y = self.quantizer_y_1(y)
        for x in xs:
            if c:
                y = foo(x)
                y = self.quantizer_y_2(y)
            z = fastforward.nn.functional.mul(y, 2, output_quantizer=self.quantizer_mul)
        return z

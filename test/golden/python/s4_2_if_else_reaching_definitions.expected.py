import fastforward
from s4_2_if_else_reaching_definitions import EarlyReturn, Exhaustive, SpecExample, foo


class QuantizedSpecExample(fastforward.nn.QuantizedModule, SpecExample):
    def __init_quantization__(self) -> None:
        super().__init_quantization__()
        self.quantizer_relu: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_x_1: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_x_2: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()

    def forward(self, x, c):
        x = self.quantizer_x_2(x)
        if c:
            x = foo(x)
            x = self.quantizer_x_1(x)
        return fastforward.nn.functional.relu(x, output_quantizer=self.quantizer_relu)


class QuantizedExhaustive(fastforward.nn.QuantizedModule, Exhaustive):
    def __init_quantization__(self) -> None:
        super().__init_quantization__()
        self.quantizer_sigmoid: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_relu: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_y_1: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_y_2: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_x: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()

    def forward(self, x, c, d):
        x = self.quantizer_x(x)
        if c:
            y = foo(x)
            y = self.quantizer_y_1(y)
        elif d:
            y = fastforward.nn.functional.sigmoid(x, output_quantizer=self.quantizer_sigmoid)
        else:
            y = x.view(-1)
            y = self.quantizer_y_2(y)
        return fastforward.nn.functional.relu(y, output_quantizer=self.quantizer_relu)


class QuantizedEarlyReturn(fastforward.nn.QuantizedModule, EarlyReturn):
    def __init_quantization__(self) -> None:
        super().__init_quantization__()
        self.quantizer_relu: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_y: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()

    def forward(self, x, c):
        y = foo(x)
        y = self.quantizer_y(y)
        if c:
            y = x.view(-1)
            return y
        if x is None:
            raise ValueError("no")
        return fastforward.nn.functional.relu(y, output_quantizer=self.quantizer_relu)

import fastforward
from cf_comprehensions import Comprehensions


class QuantizedComprehensions(fastforward.nn.QuantizedModule, Comprehensions):
    def __init_quantization__(self) -> None:
        super().__init_quantization__()
        self.quantizer_relu_1: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_mul: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_sigmoid: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_relu_2: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_relu_3: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_x_1: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_x_2: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_v_1: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_v_2: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_v_3: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()

    def forward(self, xs, c):
        a = [fastforward.nn.functional.relu(self.quantizer_x_1(x), output_quantizer=self.quantizer_relu_1) for x in xs if x > 0]
        b = [fastforward.nn.functional.mul((__ff0 := self.quantizer_x_2(x)), __ff0, output_quantizer=self.quantizer_mul) for x in xs]
        if c:
            s = {fastforward.nn.functional.sigmoid(self.quantizer_v_1(v), output_quantizer=self.quantizer_sigmoid) for v in xs}
        elif c is None:
            s = (fastforward.nn.functional.relu(self.quantizer_v_2(v), output_quantizer=self.quantizer_relu_2) for v in xs)
        else:
            s = {k: fastforward.nn.functional.relu(self.quantizer_v_3(v), output_quantizer=self.quantizer_relu_3) for k, v in zip(xs, xs)}
        return a, b, s

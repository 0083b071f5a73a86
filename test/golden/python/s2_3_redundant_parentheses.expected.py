import fastforward
from s2_3_redundant_parentheses import Parens


class QuantizedParens(fastforward.nn.QuantizedModule, Parens):
    def __init_quantization__(self) -> None:
        super().__init_quantization__()
        self.quantizer_relu_1: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_add: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_relu_2: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_sigmoid: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_mul: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_x: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_y: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()

    def forward(self, x, y):
        x = self.quantizer_x(x)
        y = self.quantizer_y(y)
        r = fastforward.nn.functional.relu(x, output_quantizer=self.quantizer_relu_1)
        s = fastforward.nn.functional.add(x, y, output_quantizer=self.quantizer_add)
        t = fastforward.nn.functional.relu(x, output_quantizer=self.quantizer_relu_2)
        _tmp_1 = fastforward.nn.functional.sigmoid((r), output_quantizer=self.quantizer_sigmoid)
        _tmp_2 = fastforward.nn.functional.mul(_tmp_1, s, output_quantizer=self.quantizer_mul)
        return _tmp_2, t

import fastforward
from cf_conditional_expression import IfExpr


class QuantizedIfExpr(fastforward.nn.QuantizedModule, IfExpr):
    def __init_quantization__(self) -> None:
        super().__init_quantization__()
        self.quantizer_add: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_relu: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_sum: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_sigmoid: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_a_if_c_else_x: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_x: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_y: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()

    def forward(self, x, y, c):
        x = self.quantizer_x(x)
        y = self.quantizer_y(y)
        a = fastforward.nn.functional.relu(fastforward.nn.functional.add(x, 1, output_quantizer=self.quantizer_add), output_quantizer=self.quantizer_relu) if c else fastforward.nn.functional.sum(y, output_quantizer=self.quantizer_sum)
        a_if_c_else_x = self.quantizer_a_if_c_else_x(a if c else x)
        b = fastforward.nn.functional.sigmoid(a_if_c_else_x, output_quantizer=self.quantizer_sigmoid)
        return a, b

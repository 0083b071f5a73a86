import fastforward
from s2_6_lambda_not_hoisted import LambdaBody


class QuantizedLambdaBody(fastforward.nn.QuantizedModule, LambdaBody):
    def __init_quantization__(self) -> None:
        super().__init_quantization__()
        self.quantizer_mul: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_relu_1: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_relu_2: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_add: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_x: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()

    def forward(self, x):
        x = self.quantizer_x(x)
        f = lambda: fastforward.nn.functional.relu(fastforward.nn.functional.mul(x, 2, output_quantizer=self.quantizer_mul), output_quantizer=self.quantizer_relu_1)
        _tmp_3 = fastforward.nn.functional.relu(x, output_quantizer=self.quantizer_relu_2)
        v = fastforward.nn.functional.add(_tmp_3, 1, output_quantizer=self.quantizer_add)
        return f, v

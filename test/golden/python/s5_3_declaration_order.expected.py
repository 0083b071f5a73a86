import fastforward
from s5_3_declaration_order import Case5, OpsThenVariablesThenParameters


class QuantizedCase5(fastforward.nn.QuantizedModule, Case5):
    def __init_quantization__(self) -> None:
        super().__init_quantization__()
        self.quantizer_relu: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_sigmoid: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_x_1: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_x_2: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_mul: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_x_3: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()

    def forward(self, x):
        x = self.quantizer_x_2(x)
        y = fastforward.nn.functional.relu(x, output_quantizer=self.quantizer_relu)
        x = self.do_something(y)
        x = self.quantizer_x_1(x)
        return fastforward.nn.functional.sigmoid(x, output_quantizer=self.quantizer_sigmoid)

    def do_something(self, x):
        x = self.quantizer_x_3(x)
        return fastforward.nn.functional.mul(x, 2, output_quantizer=self.quantizer_mul)


class QuantizedOpsThenVariablesThenParameters(fastforward.nn.QuantizedModule, OpsThenVariablesThenParameters):
    def __init_quantization__(self) -> None:
        super().__init_quantization__()
        self.quantizer_relu: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_mul: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_matmul: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_h: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_self_gain: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_x: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_w: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()

    def forward(self, x, w):
        x = self.quantizer_x(x)
        w = self.quantizer_w(w)
        self_gain = self.quantizer_self_gain(self.gain)
        for t in x:
            h = t.view(-1)
            h = self.quantizer_h(h)
            _tmp_1 = fastforward.nn.functional.relu(h, output_quantizer=self.quantizer_relu)
            x = fastforward.nn.functional.mul(_tmp_1, self_gain, output_quantizer=self.quantizer_mul)
        return fastforward.nn.functional.matmul(x, w, output_quantizer=self.quantizer_matmul)

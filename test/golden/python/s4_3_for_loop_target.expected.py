import fastforward
from s4_3_for_loop_target import ForLoop


class QuantizedForLoop(fastforward.nn.QuantizedModule, ForLoop):
    def __init_quantization__(self) -> None:
        super().__init_quantization__()
        self.quantizer_relu: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_mul_1: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_add: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_mul_2: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_acc: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_a: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_b: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_y: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()

    def forward(self, xs, y):
        y = self.quantizer_y(y)
        acc = y.new_zeros(1)
        acc = self.quantizer_acc(acc)
        for a, b in xs:
            a = self.quantizer_a(a)
            b = self.quantizer_b(b)
            _tmp_1 = fastforward.nn.functional.relu(a, output_quantizer=self.quantizer_relu)
            _tmp_2 = fastforward.nn.functional.mul(_tmp_1, b, output_quantizer=self.quantizer_mul_1)
            acc = fastforward.nn.functional.add(acc, _tmp_2, output_quantizer=self.quantizer_add)
        for i in range(3):
            y = fastforward.nn.functional.mul(y, 2, output_quantizer=self.quantizer_mul_2)
        return acc, y

import fastforward
from nested_modules_order import Leaf, Middle, Other, Top, Unused


class QuantizedTop(fastforward.nn.QuantizedModule, Top):
    def __init_quantization__(self) -> None:
        super().__init_quantization__()

    def forward(self, x):
        x = self.first(x)
        for b in self.blocks:
            x = b(x)
        return self.again(x)


class QuantizedMiddle(fastforward.nn.QuantizedModule, Middle):
    def __init_quantization__(self) -> None:
        super().__init_quantization__()
        self.quantizer_mul: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer__tmp_2: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()

    def forward(self, x):
        _tmp_1 = self.lin(x)
        _tmp_2 = self.leaf(_tmp_1)
        _tmp_2 = self.quantizer__tmp_2(_tmp_2)
        return fastforward.nn.functional.mul(_tmp_2, 2, output_quantizer=self.quantizer_mul)


class QuantizedLeaf(fastforward.nn.QuantizedModule, Leaf):
    def __init_quantization__(self) -> None:
        super().__init_quantization__()
        self.quantizer_relu: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_x: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()

    def forward(self, x):
        x = self.quantizer_x(x)
        return fastforward.nn.functional.relu(x, output_quantizer=self.quantizer_relu)


class QuantizedOther(fastforward.nn.QuantizedModule, Other):
    def __init_quantization__(self) -> None:
        super().__init_quantization__()
        self.quantizer_sigmoid: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_x: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()

    def forward(self, x):
        x = self.quantizer_x(x)
        return fastforward.nn.functional.sigmoid(x, output_quantizer=self.quantizer_sigmoid)


class QuantizedUnused(fastforward.nn.QuantizedModule, Unused):
    def __init_quantization__(self) -> None:
        super().__init_quantization__()
        self.quantizer_sub: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_x: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()

    def forward(self, x):
        x = self.quantizer_x(x)
        return fastforward.nn.functional.sub(x, 1, output_quantizer=self.quantizer_sub)

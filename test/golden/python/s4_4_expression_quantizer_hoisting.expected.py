import fastforward
from s4_4_expression_quantizer_hoisting import AllBranches, InLoop, Inline, Reassign, Root, SingleIf, TwoIfs, _repeat


class QuantizedRoot(fastforward.nn.QuantizedModule, Root):
    def __init_quantization__(self) -> None:
        super().__init_quantization__()

    def forward(self, x):
        return x


class QuantizedAllBranches(fastforward.nn.QuantizedModule, AllBranches):
    def __init_quantization__(self) -> None:
        super().__init_quantization__()
        self.quantizer_linear_1: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_linear_2: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_linear_3: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_self_bias: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_self_alt_bias: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_self_weight: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_x: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()

    def forward(self, x, c, d):
        x = self.quantizer_x(x)
        self_weight = self.quantizer_self_weight(self.weight)
        if c:
            self_bias = self.quantizer_self_bias(self.bias)
            x = fastforward.nn.functional.linear(x, self_weight, self_bias, output_quantizer=self.quantizer_linear_1)
        elif d:
            self_alt_bias = self.quantizer_self_alt_bias(self.alt_bias)
            x = fastforward.nn.functional.linear(x, self_weight, self_alt_bias, output_quantizer=self.quantizer_linear_2)
        else:
            x = fastforward.nn.functional.linear(x, self_weight, output_quantizer=self.quantizer_linear_3)
        return x


class QuantizedSingleIf(fastforward.nn.QuantizedModule, SingleIf):
    def __init_quantization__(self) -> None:
        super().__init_quantization__()
        self.quantizer_linear: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_self_weight: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_x: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()

    def forward(self, x, c):
        x = self.quantizer_x(x)
        self_weight = self.quantizer_self_weight(self.weight)
        if c:
            x = fastforward.nn.functional.linear(x, self_weight, output_quantizer=self.quantizer_linear)
        return x


class QuantizedTwoIfs(fastforward.nn.QuantizedModule, TwoIfs):
    def __init_quantization__(self) -> None:
        super().__init_quantization__()
        self.quantizer_mul: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_add: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_self_scale: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_self_shift: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_x: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()

    def forward(self, x, c, d):
        x = self.quantizer_x(x)
        if c:
            self_scale = self.quantizer_self_scale(self.scale)
            x = fastforward.nn.functional.mul(x, self_scale, output_quantizer=self.quantizer_mul)
        if d:
            self_shift = self.quantizer_self_shift(self.shift)
            x = fastforward.nn.functional.add(x, self_shift, output_quantizer=self.quantizer_add)
        return x


class QuantizedInLoop(fastforward.nn.QuantizedModule, InLoop):
    def __init_quantization__(self) -> None:
        super().__init_quantization__()
        self.quantizer_mul: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_self_scale: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_x: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()

    def forward(self, x, n):
        x = self.quantizer_x(x)
        self_scale = self.quantizer_self_scale(self.scale)
        for i in range(n):
            x = fastforward.nn.functional.mul(x, self_scale, output_quantizer=self.quantizer_mul)
        return x


class QuantizedReassign(fastforward.nn.QuantizedModule, Reassign):
    def __init_quantization__(self) -> None:
        super().__init_quantization__()
        self.quantizer_matmul: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_k_T: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_q: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()

    def forward(self, q, k):
        q = self.quantizer_q(q)
        k = _repeat(k)
        # comment stays below the quantizer
        k_T = self.quantizer_k_T(k.T)
        s = fastforward.nn.functional.matmul(q, k_T, output_quantizer=self.quantizer_matmul)
        return s


class QuantizedInline(fastforward.nn.QuantizedModule, Inline):
    def __init_quantization__(self) -> None:
        super().__init_quantization__()
        self.quantizer_mul_1: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_mul_2: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer__flag: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_y_idx: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_length: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()

    def forward(self, y, idx, flag, length):
        length = self.quantizer_length(length)
        a = fastforward.nn.functional.mul(self.quantizer_y_idx(y[idx]), 0, output_quantizer=self.quantizer_mul_1)
        b = fastforward.nn.functional.mul(self.quantizer__flag([flag]), length, output_quantizer=self.quantizer_mul_2)
        return a, b

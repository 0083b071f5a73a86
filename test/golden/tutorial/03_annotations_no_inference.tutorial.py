def quantized_helper(
    x: torch.Tensor,
    y: list[int],
    *,
    quantizer_add_1: fastforward.nn.Quantizer,
    quantizer_add_2: fastforward.nn.Quantizer,
    quantizer_y_: fastforward.nn.Quantizer,
    quantizer_x: fastforward.nn.Quantizer,
    quantizer_y: fastforward.nn.Quantizer,
):
    x = quantizer_x(x)
    y = quantizer_y(y)
    y = fastforward.nn.functional.add(y, y, output_quantizer=quantizer_add_1)
    for y_ in y:
        y_ = quantizer_y_(y_)
        x = fastforward.nn.functional.add(x, y_, output_quantizer=quantizer_add_2)
    return x

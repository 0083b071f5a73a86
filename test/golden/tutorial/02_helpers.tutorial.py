def quantized_helper(
    x, y, *,
    quantizer_add: fastforward.nn.Quantizer,
    quantizer__tmp_1: fastforward.nn.Quantizer,
    quantizer__tmp_2: fastforward.nn.Quantizer,
    __ELIDED__,
    quantizer_inner_helper_y_2: fastforward.nn.Quantizer,
):
    _tmp_1 = quantized_inner_helper(x, y,
        quantizer_sub=quantizer_inner_helper_sub_1,
        quantizer_x=quantizer_inner_helper_x_1,
        quantizer_y=quantizer_inner_helper_y_1,
    )
    _tmp_1 = quantizer__tmp_1(_tmp_1)
    _tmp_2 = quantized_inner_helper(y, x,
        quantizer_sub=quantizer_inner_helper_sub_2,
        quantizer_x=quantizer_inner_helper_x_2,
        quantizer_y=quantizer_inner_helper_y_2,
    )
    _tmp_2 = quantizer__tmp_2(_tmp_2)
    return fastforward.nn.functional.add(_tmp_1, _tmp_2,
        output_quantizer=quantizer_add
    )

def quantized_inner_helper(
    x,
    y,
    *,
    quantizer_sub: ...,
    quantizer_x: ...,
    quantizer_y: ...,
):
    x = quantizer_x(x)
    y = quantizer_y(y)
    return fastforward.nn.functional.sub(x, y, output_quantizer=quantizer_sub)

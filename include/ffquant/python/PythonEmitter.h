// The Python emitter: renders a plan as a FastForward-style quantized Python module.
#pragma once

#include "ffquant/analysis/Plan.h"

#include <string>

namespace ffquant::python {

/// The quantized module: imports, converted helpers, then one `Quantized<Name>` class per
/// converted module class. Untouched code inside converted functions keeps its bytes.
std::string emitPythonModule(const analysis::Plan& plan);

} // namespace ffquant::python

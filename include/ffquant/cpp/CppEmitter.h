// The C++ emitter: a transformed copy `Quantized<Name>` of each converted module class.
#pragma once

#include "ffquant/analysis/Plan.h"
#include "ffquant/cpp/CppFrontend.h"

#include <string>

namespace ffquant::cpp {

/// Renders the converted classes of `unit` (and the helpers they call) as a C++ source that
/// compiles against LibTorch and the fastforward runtime next to the original file.
std::string emitCpp(const analysis::Plan& plan, const CppUnit& unit);

} // namespace ffquant::cpp

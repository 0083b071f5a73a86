// The C++ emitter: a transformed copy `Quantized<Name>` of each converted module class.
#pragma once

#include "ffquant/analysis/Plan.h"
#include "ffquant/cpp/CppFrontend.h"

#include <string>
#include <vector>

namespace ffquant::cpp {

/// Renders the converted classes of the units (and the helpers they call) as one C++ source that
/// compiles against LibTorch and the fastforward runtime next to the original files.
std::string emitCpp(const analysis::Plan& plan, const std::vector<const CppUnit*>& units);

} // namespace ffquant::cpp

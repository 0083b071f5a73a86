// Constants of the model, in a project header of their own: ffquant's depfile lists it, so the
// build regenerates the quantized copy when it changes.
#pragma once

constexpr double kSkipScale = 0.5;

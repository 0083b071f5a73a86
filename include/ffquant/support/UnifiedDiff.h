// A line-based unified diff, for `--check` and `--diff`.
#pragma once

#include <string>

namespace ffquant {

/// `diff -u` style text turning `before` into `after` (empty when they are equal).
std::string unifiedDiff(const std::string& before, const std::string& after, const std::string& beforeName,
                        const std::string& afterName, int context = 3);

} // namespace ffquant

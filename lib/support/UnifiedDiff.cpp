// Unified diff over lines from a longest-common-subsequence table (model files are small).
#include "ffquant/support/UnifiedDiff.h"

#include <algorithm>
#include <vector>

namespace ffquant {

namespace {

std::vector<std::string> splitLines(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    lines.push_back(text.substr(pos, end - pos));
    pos = end + 1;
  }
  return lines;
}

struct Edit {
  char kind; // ' ', '-', '+'
  std::size_t a, b; // line indices in before / after
};

} // namespace

std::string unifiedDiff(const std::string& before, const std::string& after, const std::string& beforeName,
                        const std::string& afterName, int context) {
  if (before == after) return {};
  std::vector<std::string> a = splitLines(before), b = splitLines(after);
  std::size_t n = a.size(), m = b.size();
  std::vector<std::vector<unsigned>> lcs(n + 1, std::vector<unsigned>(m + 1, 0));
  for (std::size_t i = n; i-- > 0;)
    for (std::size_t j = m; j-- > 0;)
      lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
  std::vector<Edit> edits;
  std::size_t i = 0, j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] == b[j]) edits.push_back({' ', i++, j++});
    else if (j < m && (i == n || lcs[i][j + 1] >= lcs[i + 1][j])) edits.push_back({'+', i, j++});
    else edits.push_back({'-', i++, j});
  }
  std::string out = "--- " + beforeName + "\n+++ " + afterName + "\n";
  std::size_t k = 0;
  while (k < edits.size()) {
    while (k < edits.size() && edits[k].kind == ' ') ++k;
    if (k == edits.size()) break;
    // A hunk: from `context` lines before the change to `context` lines after the last change
    // that is not separated from the next by more than 2 * context unchanged lines.
    std::size_t start = k >= static_cast<std::size_t>(context) ? k - context : 0;
    std::size_t end = k;
    while (end < edits.size()) {
      std::size_t next = end;
      while (next < edits.size() && edits[next].kind == ' ') ++next;
      if (next == edits.size() || next - end > static_cast<std::size_t>(2 * context)) break;
      end = next;
      while (end < edits.size() && edits[end].kind != ' ') ++end;
    }
    std::size_t stop = std::min(edits.size(), end + context);
    std::size_t aStart = edits[start].a, bStart = edits[start].b, aCount = 0, bCount = 0;
    for (std::size_t x = start; x < stop; ++x) {
      if (edits[x].kind != '+') ++aCount;
      if (edits[x].kind != '-') ++bCount;
    }
    out += "@@ -" + std::to_string(aCount ? aStart + 1 : aStart) + "," + std::to_string(aCount) + " +" +
           std::to_string(bCount ? bStart + 1 : bStart) + "," + std::to_string(bCount) + " @@\n";
    for (std::size_t x = start; x < stop; ++x) {
      const std::string& line = edits[x].kind == '+' ? b[edits[x].b] : a[edits[x].a];
      out += edits[x].kind + line + "\n";
    }
    k = stop;
  }
  return out;
}

} // namespace ffquant

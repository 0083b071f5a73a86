// Batch mode: collecting the input files of a run and writing outputs inside the output
// directory only.
#include "Batch.h"

#include "ffquant/support/FileWriter.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <sys/stat.h>

namespace ffquant::tools {

namespace fs = std::filesystem;

InputLanguage languageOf(const std::string& path) {
  auto endsWith = [&](const char* suffix) {
    std::string s(suffix);
    return path.size() >= s.size() && path.compare(path.size() - s.size(), s.size(), s) == 0;
  };
  if (endsWith(".py")) return InputLanguage::Python;
  for (const char* ext : {".cpp", ".cc", ".cxx", ".h", ".hpp", ".hh", ".hxx"})
    if (endsWith(ext)) return InputLanguage::Cpp;
  return InputLanguage::Unknown;
}

bool isBatchRun(const AutoquantizeOptions& options) {
  if (options.output == "-") return false;
  std::error_code ec;
  if (!options.output.empty() && options.output.back() == '/') return true;
  if (fs::is_directory(options.output, ec)) return true;
  for (const std::string& input : options.inputs)
    if (fs::is_directory(input, ec)) return true;
  return false;
}

std::vector<std::string> orphanedOutputs(const std::vector<Job>& jobs) {
  std::vector<std::string> orphans;
  if (jobs.empty() || jobs.front().outputRoot.empty()) return orphans;
  const fs::path root = jobs.front().outputRoot;
  std::error_code ec;
  if (!fs::is_directory(fs::symlink_status(root, ec))) return orphans;
  std::set<std::string> produced;
  for (const Job& job : jobs) produced.insert(job.outputRelative);
  fs::recursive_directory_iterator it(root, fs::directory_options::none, ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (!name.empty() && name.front() == '.') {
      if (it->is_directory(ec)) it.disable_recursion_pending();
      continue;
    }
    if (!it->is_regular_file(ec) || it->is_symlink(ec)) continue;
    const InputLanguage language = languageOf(name);
    const bool looksGenerated = (language == InputLanguage::Python && name != "__init__.py") ||
                                (language == InputLanguage::Cpp && name.rfind("quantized_", 0) == 0);
    const std::string relative = it->path().lexically_relative(root).generic_string();
    if (looksGenerated && !produced.count(relative)) orphans.push_back(relative);
  }
  std::sort(orphans.begin(), orphans.end());
  return orphans;
}

bool isPlainRelativePath(const std::string& relative) {
  if (relative.empty() || relative.front() == '/') return false;
  std::size_t start = 0;
  while (start <= relative.size()) {
    std::size_t end = relative.find('/', start);
    if (end == std::string::npos) end = relative.size();
    std::string part = relative.substr(start, end - start);
    if (part.empty() || part == "." || part == "..") return false;
    start = end + 1;
  }
  return true;
}

namespace {

bool skippedName(const std::string& name) { return name.empty() || name[0] == '.' || name == "__pycache__"; }

std::string canonicalOrEmpty(const fs::path& p) {
  std::error_code ec;
  fs::path c = fs::weakly_canonical(p, ec);
  return ec ? std::string() : c.string();
}

} // namespace

std::vector<Job> collectBatchJobs(const AutoquantizeOptions& options, DiagnosticSink& diagnostics) {
  std::vector<Job> jobs;
  std::string root = options.output;
  while (root.size() > 1 && root.back() == '/') root.pop_back();
  std::string canonicalRoot = canonicalOrEmpty(root);
  // relative output path -> the input that claimed it
  std::map<std::string, std::string> claimed;
  auto add = [&](const std::string& input, std::string relative) {
    // C++ outputs are named quantized_<name>: a generated file includes its original's header by
    // name (`#include "block.h"`), which must not find the generated file itself.
    if (languageOf(input) == InputLanguage::Cpp) {
      std::size_t slash = relative.rfind('/');
      relative.insert(slash == std::string::npos ? 0 : slash + 1, "quantized_");
    }
    if (!isPlainRelativePath(relative)) {
      diagnostics.report(Diagnostic::error({input, 0, 0}, "cannot mirror this path below the output directory"));
      return;
    }
    auto [it, fresh] = claimed.emplace(relative, input);
    if (!fresh) {
      diagnostics.report(Diagnostic::error(
          {input, 0, 0}, "output " + root + "/" + relative + " is also the output of " + it->second, "output-clash"));
      return;
    }
    Job job;
    job.inputs = {input};
    job.language = languageOf(input);
    job.outputRoot = root;
    job.outputRelative = relative;
    job.output = root + "/" + relative;
    job.batch = true;
    jobs.push_back(job);
  };
  for (const std::string& input : options.inputs) {
    std::error_code ec;
    if (!fs::is_directory(input, ec)) {
      if (!fs::exists(input, ec)) {
        diagnostics.report(Diagnostic::error({input, 0, 0}, "no such file or directory"));
        continue;
      }
      if (languageOf(input) == InputLanguage::Unknown) {
        diagnostics.report(Diagnostic::error(
            {input, 0, 0}, "unknown input language (expected .py, or .cpp/.cc/.h/.hpp for C++)"));
        continue;
      }
      // A file named on the command line lands at the top of the output directory.
      add(input, fs::path(input).filename().string());
      continue;
    }
    std::vector<std::string> found; // relative to the input directory, '/'-separated
    fs::recursive_directory_iterator it(input, fs::directory_options::none, ec), end;
    if (ec) {
      diagnostics.report(Diagnostic::error({input, 0, 0}, "cannot read directory: " + ec.message()));
      continue;
    }
    for (; it != end; it.increment(ec)) {
      if (ec) {
        diagnostics.report(Diagnostic::error({input, 0, 0}, "cannot read directory: " + ec.message()));
        break;
      }
      const fs::directory_entry& entry = *it;
      std::string name = entry.path().filename().string();
      std::error_code e2;
      bool isLink = entry.is_symlink(e2);
      bool isDir = entry.is_directory(e2);
      if (isDir) {
        // Not followed: hidden directories, caches, links to directories (they could loop or
        // lead anywhere), and the output directory when it lies inside the input.
        if (skippedName(name) || isLink ||
            (!canonicalRoot.empty() && canonicalOrEmpty(entry.path()) == canonicalRoot))
          it.disable_recursion_pending();
        continue;
      }
      if (skippedName(name) || !entry.is_regular_file(e2) || languageOf(name) == InputLanguage::Unknown) continue;
      // Lexically: fs::relative would resolve symbolic links and could leave the tree.
      found.push_back(entry.path().lexically_relative(input).generic_string());
    }
    if (found.empty() && !diagnostics.hasErrors())
      diagnostics.report(Diagnostic::warning({input, 0, 0}, "no .py or C++ files in this directory"));
    std::sort(found.begin(), found.end());
    std::string base = input;
    while (base.size() > 1 && base.back() == '/') base.pop_back();
    for (const std::string& relative : found) add(base + "/" + relative, relative);
  }
  return jobs;
}

bool writeInsideDirectory(const std::string& root, const std::string& relative, const std::string& contents,
                          bool force, DiagnosticSink& diagnostics) {
  std::string target = root + "/" + relative;
  if (!isPlainRelativePath(relative)) {
    diagnostics.report(Diagnostic::error({target, 0, 0}, "refusing to write outside the output directory"));
    return false;
  }
  // Walk down from the output directory: each step must be a real directory (created if
  // missing), never a symbolic link that could lead elsewhere.
  std::string path = root;
  std::size_t start = 0;
  for (;;) {
    std::size_t slash = relative.find('/', start);
    std::string part = relative.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
    path += "/" + part;
    struct stat st;
    bool exists = ::lstat(path.c_str(), &st) == 0;
    if (exists && S_ISLNK(st.st_mode)) {
      diagnostics.report(Diagnostic::error(
          {target, 0, 0}, "refusing to write through the symbolic link " + path + " (it may lead outside " + root + ")",
          "output-symlink"));
      return false;
    }
    if (slash == std::string::npos) break;
    if (!exists && ::mkdir(path.c_str(), 0777) != 0 && errno != EEXIST) {
      diagnostics.report(Diagnostic::error({target, 0, 0}, "cannot create directory " + path));
      return false;
    }
    if (exists && !S_ISDIR(st.st_mode)) {
      diagnostics.report(Diagnostic::error({target, 0, 0}, path + " is not a directory"));
      return false;
    }
    start = slash + 1;
  }
  return writeFileAtomically(target, contents, force ? OverwritePolicy::Replace : OverwritePolicy::Refuse,
                             diagnostics);
}

} // namespace ffquant::tools
